// How a topology's limits are fitted to the host a run deploys on, with every change listed so a
// run says exactly what its containers got and why. Pure.
import { allocationOf } from "./allocation";
import { fitToHost } from "./fit-to-host";
import type { HostFacts } from "./preflight";
import type { Resources, Topology } from "./types";
import type { FitMode } from "@/lib/run-vocabulary";

// The modes are defined once, in the kernel (lib/run-vocabulary.ts): the CLI reads them too.
export { FIT_MODES, type FitMode } from "@/lib/run-vocabulary";

/** What each mode means, in the words the deploy form and the run page use. */
export const FIT_MODE_LABEL: Record<FitMode, string> = {
  clamp: "clamp: only limits above the host are lowered to it",
  proportional: "proportional: the topology on a host of its own size (all limits scaled by one factor)",
  none: "none: as written (Docker may refuse)",
};

export type FitField = keyof Resources;

/** One value the fit changed: what the file wrote, what the container gets, and why. */
export type FitChange = {
  service: string;
  field: FitField;
  written: number | null;
  applied: number | null;
  why: string;
};

export type FitResult = {
  mode: FitMode;
  topology: Topology;
  changes: FitChange[];
  /** proportional only: the factors applied (1 = unchanged); null in the other modes. */
  scale: { cpu: number; memory: number } | null;
};

const GIB = 1024 ** 3;
const gib = (bytes: number) => `${(bytes / GIB).toFixed(2).replace(/\.?0+$/, "")} GiB`;
const FIELDS: FitField[] = ["cpusLimit", "memoryLimitBytes", "cpusReservation", "memoryReservationBytes"];

/** The changes between the topology as written and as fitted, service by service. */
const diff = (written: Topology, fitted: Topology, why: (field: FitField) => string): FitChange[] =>
  written.services.flatMap((service) => {
    const after = fitted.services.find((s) => s.name === service.name)?.resources ?? service.resources;
    return FIELDS.filter((field) => after[field] !== service.resources[field]).map((field) => ({
      service: service.name,
      field,
      written: service.resources[field],
      applied: after[field],
      why: why(field),
    }));
  });

/** Scales one reservation field of every service by `factor` (floor), when the sum is over `budget`. */
const fitReservations = (
  services: Topology["services"],
  field: "cpusReservation" | "memoryReservationBytes",
  budget: number,
): { services: Topology["services"]; factor: number } => {
  const sum = services.reduce((total, s) => total + (s.resources[field] ?? 0), 0);
  if (sum <= budget) return { services, factor: 1 };
  const factor = budget / sum;
  const scale = (value: number) =>
    field === "cpusReservation"
      ? Math.floor(value * factor * 1000) / 1000
      : Math.floor((value * factor) / 1024 ** 2) * 1024 ** 2;
  return {
    services: services.map((s) => {
      const value = s.resources[field];
      return value === null ? s : { ...s, resources: { ...s.resources, [field]: scale(value) } };
    }),
    factor,
  };
};

/** clamp: each limit to at most the host, each reservation to at most its limit, reservations' sum to the host. */
const clamp = (
  topology: Topology,
  host: Pick<HostFacts, "cpus" | "memoryBytes">,
  hostName: string,
): FitResult => {
  const clamped = topology.services.map((service) => {
    const r = service.resources;
    const cpusLimit = r.cpusLimit === null ? null : Math.min(r.cpusLimit, host.cpus);
    const memoryLimitBytes =
      r.memoryLimitBytes === null ? null : Math.min(r.memoryLimitBytes, host.memoryBytes);
    const cap = (value: number | null, limit: number | null) =>
      value === null || limit === null ? value : Math.min(value, limit);
    return {
      ...service,
      resources: {
        cpusLimit,
        memoryLimitBytes,
        cpusReservation: cap(cap(r.cpusReservation, cpusLimit), host.cpus),
        memoryReservationBytes: cap(cap(r.memoryReservationBytes, memoryLimitBytes), host.memoryBytes),
      },
    };
  });
  const cpuFit = fitReservations(clamped, "cpusReservation", host.cpus);
  const memoryFit = fitReservations(cpuFit.services, "memoryReservationBytes", host.memoryBytes);
  const fitted = { ...topology, services: memoryFit.services };
  const why = (field: FitField): string => {
    switch (field) {
      case "cpusLimit":
        return `above ${hostName}'s ${host.cpus} CPUs: Docker refuses a limit larger than the host`;
      case "memoryLimitBytes":
        return `above ${hostName}'s ${gib(host.memoryBytes)} of memory`;
      case "cpusReservation":
        return cpuFit.factor < 1
          ? `reservations add up to more than ${hostName}'s ${host.cpus} CPUs: scaled ×${cpuFit.factor.toFixed(3)}`
          : "a reservation cannot exceed its limit";
      case "memoryReservationBytes":
        return memoryFit.factor < 1
          ? `reservations add up to more than ${hostName}'s ${gib(host.memoryBytes)}: scaled ×${memoryFit.factor.toFixed(3)}`
          : "a reservation cannot exceed its limit";
    }
  };
  return { mode: "clamp", topology: fitted, changes: diff(topology, fitted, why), scale: null };
};

/** The topology with its limits fitted to the host by `mode`, and the list of what changed. */
export const fitTopology = ({
  topology,
  host,
  mode,
  hostName = "the host",
}: {
  topology: Topology;
  host: Pick<HostFacts, "cpus" | "memoryBytes">;
  mode: FitMode;
  /** What `host` is, in the reasons given for each change (a Swarm fits to its smallest node). */
  hostName?: string;
}): FitResult => {
  if (mode === "none") return { mode, topology, changes: [], scale: null };
  if (mode === "clamp") return clamp(topology, host, hostName);
  const fitted = fitToHost({ topology, host });
  const total = allocationOf({ services: topology.services });
  const why = (field: FitField) =>
    field.startsWith("cpus")
      ? `CPU limits add up to ${total.cpusLimit}, more than 90 % of ${hostName}'s ${host.cpus}: all scaled ×${fitted.scale.cpu.toFixed(3)}`
      : `memory limits add up to ${gib(total.memoryLimitBytes)}, more than 90 % of ${hostName}'s ${gib(host.memoryBytes)}: all scaled ×${fitted.scale.memory.toFixed(3)}`;
  return {
    mode,
    topology: fitted.topology,
    changes: diff(topology, fitted.topology, why),
    scale: fitted.changed ? fitted.scale : null,
  };
};
