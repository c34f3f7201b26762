// Pure arithmetic behind the runs list and the compare tables. Times are ms, CPU in cores.
import { median } from "@/lib/median";

export const GUIDE_PHASES = ["Foundation", "Leader", "Workers", "Load Balancer", "Other services"] as const;
export type GuidePhase = (typeof GUIDE_PHASES)[number];

const FOUNDATION = new Set(["postgres", "redis", "minio"]);

/**
 * The guide's phase a service belongs to, by its role: the databases and storage the nodes need,
 * the leader, the workers, the load balancer, and everything else (monitoring, tools) — which the
 * original's sequential baseline starts last and the optimized phases start with the foundation.
 */
export const guidePhaseOf = (service: string): GuidePhase =>
  FOUNDATION.has(service)
    ? "Foundation"
    : service === "ollama-node-1"
      ? "Leader"
      : /^ollama-node-\d+$/.test(service)
        ? "Workers"
        : service === "load-balancer"
          ? "Load Balancer"
          : "Other services";

export type TimingRow = { service: string; readyAtMs: number | null };

/**
 * Startup time per guide phase, as the guide's table adds them up: a phase's time is when its last
 * service was ready minus when the previous phase's last service was ready (never negative, so a
 * phase that finished early under dag counts 0). Phases with no service are null.
 */
export const phaseTimes = (services: TimingRow[]): Record<GuidePhase, number | null> => {
  let doneBefore = 0;
  const out = {} as Record<GuidePhase, number | null>;
  for (const phase of GUIDE_PHASES) {
    const ready = services.filter((s) => guidePhaseOf(s.service) === phase).map((s) => s.readyAtMs);
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

/** ms until the first Ollama node was ready, or null. */
export const firstNodeReady = (services: TimingRow[]): number | null => {
  const times = services
    .filter((s) => /^ollama-node-\d+$/.test(s.service) && s.readyAtMs !== null)
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
