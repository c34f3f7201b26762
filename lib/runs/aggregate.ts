// Pure arithmetic behind the runs list and the compare tables. Times are ms, CPU in cores.
import {
  layoutByShippedNames,
  phaseOrderOf,
  roleByShippedName,
  startupPhaseOf,
  type StartupSlot,
} from "@/lib/compose/service-roles";
import { median } from "@/lib/median";

/** The startup phase of a service known only by its name (runs stored without a layout). */
export const startupPhaseByName = (service: string): string =>
  startupPhaseOf({ phase: null, role: roleByShippedName(service) });

export type TimingRow = { service: string; readyAtMs: number | null };

/** A run's layout, or the shipped-name fallback for its services when it has none. */
const layoutOr = (services: TimingRow[], layout: StartupSlot[] | null | undefined): StartupSlot[] =>
  layout ?? layoutByShippedNames(services.map((s) => s.service));

/** One phase order for runs compared together (each run's layout, or its services' shipped names). */
export const phaseOrderOfRuns = (
  runs: { services: TimingRow[]; layout?: StartupSlot[] | null }[],
): string[] => phaseOrderOf(runs.map((r) => layoutOr(r.services, r.layout)));

/**
 * Startup time per phase of the topology, added up the way the comparison table reads: a phase's
 * time is when its last service was ready minus when the previous phase's last service was ready
 * (never negative, so a phase that finished early under dag counts 0). Phases with no service are
 * null. `phases` fixes the order (several runs compared share one); default: this run's own.
 */
export const phaseTimes = (
  services: TimingRow[],
  layout?: StartupSlot[] | null,
  phases: readonly string[] = phaseOrderOf([layoutOr(services, layout)]),
): Record<string, number | null> => {
  const phaseOf = new Map(layoutOr(services, layout).map((slot) => [slot.service, slot.phase]));
  let doneBefore = 0;
  const out: Record<string, number | null> = {};
  for (const phase of phases) {
    const ready = services
      .filter((s) => (phaseOf.get(s.service) ?? startupPhaseByName(s.service)) === phase)
      .map((s) => s.readyAtMs);
    if (ready.length === 0 || ready.some((t) => t === null)) {
      out[phase] = null;
      continue;
    }
    const done = Math.max(doneBefore, ...(ready as number[]));
    out[phase] = done - doneBefore;
    doneBefore = done;
  }
  return out;
};

/** ms until the first node (a service whose role is leader or worker) was ready, or null. */
export const firstNodeReady = (services: TimingRow[], layout?: StartupSlot[] | null): number | null => {
  const roleOf = new Map(layoutOr(services, layout).map((slot) => [slot.service, slot.role]));
  const times = services
    .filter((s) => {
      const role = roleOf.get(s.service) ?? roleByShippedName(s.service);
      return (role === "leader" || role === "worker") && s.readyAtMs !== null;
    })
    .map((s) => s.readyAtMs as number);
  return times.length ? Math.min(...times) : null;
};

export { median };

export type Spread = { median: number; min: number; max: number; n: number };

/** Median, min and max of the values that exist. */
export const spread = (values: (number | null)[]): Spread | null => {
  const present = values.filter((v): v is number => v !== null);
  const m = median(present);
  return m === null
    ? null
    : { median: m, min: Math.min(...present), max: Math.max(...present), n: present.length };
};

/** Relative change from the baseline in % ((value − baseline) ÷ baseline × 100); null without a baseline. */
export const changePercent = ({
  baseline,
  value,
}: {
  baseline: number | null;
  value: number | null;
}): number | null =>
  baseline === null || value === null || baseline === 0 ? null : ((value - baseline) / baseline) * 100;

/** Used ÷ allocated (0..1+), the guide's "efficiency"; null when nothing is allocated or measured. */
export const efficiency = ({
  used,
  allocated,
}: {
  used: number | null;
  allocated: number | null;
}): number | null => (used === null || allocated === null || allocated <= 0 ? null : used / allocated);

export const REGRESSION_MARGIN = 0.1;

/** A run is a regression when it is slower than the median of the previous comparable runs by the margin. */
export const isRegression = ({
  totalMs,
  previousTotals,
  margin = REGRESSION_MARGIN,
}: {
  totalMs: number;
  previousTotals: number[];
  margin?: number;
}): { regression: boolean; baselineMedianMs: number | null } => {
  const baselineMedianMs = median(previousTotals);
  return {
    regression: baselineMedianMs !== null && totalMs > baselineMedianMs * (1 + margin),
    baselineMedianMs,
  };
};

export type ClusterTotalsSample = { cpuPercent: number; memoryUsedBytes: number };

/** Average and peak cluster use from 1 s totals: CPU % of one core becomes cores. */
export const clusterUse = (totals: ClusterTotalsSample[]) => {
  if (totals.length === 0)
    return { cpuAvgCores: null, cpuPeakCores: null, memAvgBytes: null, memPeakBytes: null };
  const cores = totals.map((t) => t.cpuPercent / 100);
  const mem = totals.map((t) => t.memoryUsedBytes);
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    cpuAvgCores: avg(cores),
    cpuPeakCores: Math.max(...cores),
    memAvgBytes: avg(mem),
    memPeakBytes: Math.max(...mem),
  };
};
