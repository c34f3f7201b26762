// Pure: what one service's CPU or memory limit would do to its start cost. CPU: a start runs at
// min(demand, limit) cores, so its time scales by the ratio of the old to the new rate; demand is
// the CPU it was measured using during its start when that stayed below 90 % of its limit, else
// (it was held at the limit, or never measured) the host's cores. Memory: a limit below the
// measured peak is predicted to be killed for memory; above it, nothing changes.
import type { ServiceEstimate } from "./model";

/** One service's changed limits (null: no limit; absent: unchanged). */
export type ResourceOverride = { service: string; cpus?: number | null; memoryBytes?: number | null };

/** A service's limits in the deploy as planned, and what it used during its start in stored runs. */
export type ServiceResources = {
  cpusLimit: number | null;
  memoryLimitBytes: number | null;
  /** Peak CPU (cores) from create to ready, median over the runs; null: not measured. */
  cpuPeakCores: number | null;
  /** Peak memory from create to ready, largest over the runs; null: not measured. */
  memoryPeakBytes: number | null;
};

/** A start that used at least this share of its CPU limit was held by it (more CPU would have helped). */
export const CPU_BOUND_SHARE = 0.9;

export type ApplyOverrideOptions = {
  serviceMs: Record<string, ServiceEstimate>;
  resources: Record<string, ServiceResources>;
  override: ResourceOverride;
  hostCpus: number;
};

export type OverrideOutcome = {
  serviceMs: Record<string, ServiceEstimate>;
  /** What the model assumed or foresees, one sentence each (an unmeasured demand, a memory kill). */
  notes: string[];
  /** The new memory limit is below what the service was measured using: it would not become ready. */
  memoryBelowPeak: boolean;
};

const rate = (demandCores: number, limit: number | null, hostCpus: number): number =>
  Math.min(demandCores, limit ?? hostCpus, hostCpus);

/** The service costs after changing one service's limits, with the assumptions behind them. */
export const applyResourceOverride = ({
  serviceMs,
  resources,
  override,
  hostCpus,
}: ApplyOverrideOptions): OverrideOutcome => {
  const { service } = override;
  const estimate = serviceMs[service];
  const current = resources[service];
  const notes: string[] = [];
  if (!estimate || !current)
    return { serviceMs, notes: [`${service} is not in the plan.`], memoryBelowPeak: false };
  let ms = estimate.ms;
  if (override.cpus !== undefined) {
    const held =
      current.cpuPeakCores === null ||
      current.cpusLimit === null ||
      current.cpuPeakCores >= CPU_BOUND_SHARE * current.cpusLimit;
    const demand = held ? hostCpus : (current.cpuPeakCores as number);
    if (current.cpuPeakCores === null)
      notes.push(
        `${service}'s CPU use during its start was never measured: its start is taken as CPU-bound.`,
      );
    else if (!held)
      notes.push(
        `${service} used at most ${demand.toFixed(2)} CPU during its start, below its limit: more CPU does not shorten it.`,
      );
    const before = rate(demand, current.cpusLimit, hostCpus);
    const after = rate(demand, override.cpus, hostCpus);
    if (after > 0) ms = (estimate.ms * before) / after;
  }
  let memoryBelowPeak = false;
  if (override.memoryBytes !== undefined && override.memoryBytes !== null) {
    if (current.memoryPeakBytes === null)
      notes.push(`${service}'s memory use was never measured: the model cannot say whether it fits.`);
    else if (override.memoryBytes < current.memoryPeakBytes) {
      memoryBelowPeak = true;
      notes.push(
        `${service} used up to ${Math.round(current.memoryPeakBytes / 2 ** 20)} MiB during its start: ` +
          `at ${Math.round(override.memoryBytes / 2 ** 20)} MiB it is predicted to be killed for memory.`,
      );
    }
  }
  return { serviceMs: { ...serviceMs, [service]: { ...estimate, ms } }, notes, memoryBelowPeak };
};
