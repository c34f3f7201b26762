import type { Allocation } from "./analysis-types";
import type { Service } from "./types";

// Sums in integer units (nano-CPUs) so 0.25 + 0.5 + … gives exactly 11.5, not 11.499999.
const NANO = 1e9;

/** Totals of limits and reservations over `services`; services without limits are listed as uncapped. */
export const allocationOf = ({ services }: { services: Service[] }): Allocation => {
  let cpuNano = 0;
  let cpuReservedNano = 0;
  let memory = 0;
  let memoryReserved = 0;
  const cpuUncapped: string[] = [];
  const memoryUncapped: string[] = [];
  for (const { name, resources } of services) {
    if (resources.cpusLimit === null) cpuUncapped.push(name);
    else cpuNano += Math.round(resources.cpusLimit * NANO);
    if (resources.memoryLimitBytes === null) memoryUncapped.push(name);
    else memory += resources.memoryLimitBytes;
    cpuReservedNano += Math.round((resources.cpusReservation ?? 0) * NANO);
    memoryReserved += resources.memoryReservationBytes ?? 0;
  }
  return {
    cpusLimit: cpuNano / NANO,
    memoryLimitBytes: memory,
    cpusReservation: cpuReservedNano / NANO,
    memoryReservationBytes: memoryReserved,
    cpuUncapped,
    memoryUncapped,
  };
};
