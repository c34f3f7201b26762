import { allocationOf } from "./allocation";
import type { HostFacts } from "./preflight";
import type { Resources, Topology } from "./types";

/**
 * Share of the host the topology may take: 0.9 leaves 10 % of cores and RAM to the engine,
 * the panel and the OS, so a fitted cluster does not starve its own control plane.
 */
export const DEFAULT_HEADROOM = 0.9;

/** Docker refuses memory limits under 6 MiB. */
const MIN_MEMORY_BYTES = 6 * 1024 * 1024;

/** Options of fitToHost; headroom is the share of the host the topology may take. */
export type FitToHostOptions = {
  topology: Topology;
  host: Pick<HostFacts, "cpus" | "memoryBytes">;
  headroom?: number;
};

/** The fitted topology, the factors applied (1 = unchanged) and whether anything changed. */
export type FitToHostResult = {
  topology: Topology;
  scale: { cpu: number; memory: number };
  changed: boolean;
};

// CPU to the millicore (floor, so the sum stays within budget); memory to the whole MiB. A factor
// of 1 leaves the value as written: rounding it would change limits that already fit.
const scaleCpus = (cpus: number | null, factor: number): number | null =>
  cpus === null || factor === 1 ? cpus : Math.max(0.001, Math.floor(cpus * factor * 1000) / 1000);
const scaleMemory = (bytes: number | null, factor: number): number | null =>
  bytes === null || factor === 1
    ? bytes
    : Math.max(MIN_MEMORY_BYTES, Math.floor((bytes * factor) / 1024 ** 2) * 1024 ** 2);

/**
 * Scales CPU and memory limits and reservations by one factor each (proportionally, never up) so
 * that the sum of limits fits `headroom` × the host, and with it every single service.
 */
export const fitToHost = ({
  topology,
  host,
  headroom = DEFAULT_HEADROOM,
}: FitToHostOptions): FitToHostResult => {
  const total = allocationOf({ services: topology.services });
  const cpuBudget = host.cpus * headroom;
  const memoryBudget = host.memoryBytes * headroom;
  const cpu = total.cpusLimit > cpuBudget ? cpuBudget / total.cpusLimit : 1;
  const memory = total.memoryLimitBytes > memoryBudget ? memoryBudget / total.memoryLimitBytes : 1;
  if (cpu === 1 && memory === 1) return { topology, scale: { cpu, memory }, changed: false };
  const scaled = (resources: Resources): Resources => ({
    cpusLimit: scaleCpus(resources.cpusLimit, cpu),
    cpusReservation: scaleCpus(resources.cpusReservation, cpu),
    memoryLimitBytes: scaleMemory(resources.memoryLimitBytes, memory),
    memoryReservationBytes: scaleMemory(resources.memoryReservationBytes, memory),
  });
  return {
    topology: {
      ...topology,
      services: topology.services.map((service) => ({ ...service, resources: scaled(service.resources) })),
    },
    scale: { cpu, memory },
    changed: true,
  };
};
