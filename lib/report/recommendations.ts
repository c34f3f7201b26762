// Recommendations: each one triggered by a measurement of a service on the measured critical path,
// with the change to make and its predicted effect on the path (the bound model, predicted-path.ts).
// A service off the path gets none, however throttled: speeding it up cannot shorten the startup.
import { formatBytes, formatCpus, formatMs } from "@/lib/format";
import { cpuSpeedup, predictedPathMs } from "./predicted-path";
import { THROTTLED_RATIO } from "./bottlenecks";
import type { Bottlenecks, PathLinkFigure, Recommendation } from "./types";

/** Memory headroom below this share of the limit is recommended up. */
export const LOW_MEMORY_HEADROOM = 0.1;

const pct = (ratio: number) => `${Math.round(ratio * 100)} %`;

/** The CPU limit to try: double, at most the host's CPUs; null when it cannot go up. */
export const raisedCpuLimit = (limit: number, hostCpus: number | null): number | null => {
  const to = hostCpus === null ? limit * 2 : Math.min(limit * 2, hostCpus);
  return to > limit ? Number(to.toFixed(2)) : null;
};

const cpuRecommendation = (
  link: PathLinkFigure,
  b: Bottlenecks,
  hostCpus: number | null,
): Recommendation | null => {
  const ratio = link.throttledRatio;
  const limit = link.cpuLimitCores;
  if (ratio === null || ratio < THROTTLED_RATIO || limit === null) return null;
  const to = raisedCpuLimit(limit, hostCpus);
  if (to === null) return null;
  const factor = cpuSpeedup({ throttledRatio: ratio, fromCores: limit, toCores: to });
  const pathMs = predictedPathMs({ links: b.links, factors: { [link.service]: factor } });
  const used = link.cpuAvgCores === null ? "" : `; it used ${formatCpus(link.cpuAvgCores)} on average`;
  return {
    id: `cpu-${link.service}`,
    service: link.service,
    title: `Raise ${link.service}'s CPU limit from ${formatCpus(limit)} to ${formatCpus(to)}`,
    trigger:
      `${link.service} was throttled in ${pct(ratio)} of its CFS periods` +
      `${link.throttledMs === null ? "" : ` (${formatMs(link.throttledMs)} throttled)`}` +
      ` during its ${formatMs(link.startingMs)} start at a ${formatCpus(limit)} limit${used}; it is on the critical path`,
    change: `services.${link.service}.deploy.resources.limits.cpus: "${to}"`,
    apply: { limits: { [link.service]: { cpus: to } } },
    predicted: {
      pathMs,
      savedMs: b.boundMs - pathMs,
      model: `bound model: the throttled share (${pct(ratio)}) of its start runs ${limit}/${to} as long; the same chain stays critical`,
    },
    conditions: b.conditions,
  };
};

const memoryRecommendation = (link: PathLinkFigure, b: Bottlenecks): Recommendation | null => {
  const headroom = link.memoryHeadroomRatio;
  if (headroom === null || headroom >= LOW_MEMORY_HEADROOM || link.memoryLimitBytes === null) return null;
  const to = Math.ceil((link.memoryLimitBytes * 1.5) / 2 ** 20) * 2 ** 20;
  return {
    id: `memory-${link.service}`,
    service: link.service,
    title: `Raise ${link.service}'s memory limit from ${formatBytes(link.memoryLimitBytes)} to ${formatBytes(to)}`,
    trigger: `${link.service} peaked at ${formatBytes(link.memoryPeakBytes)} of its ${formatBytes(link.memoryLimitBytes)} limit while starting (${pct(headroom)} headroom); it is on the critical path`,
    change: `services.${link.service}.deploy.resources.limits.memory: "${Math.round(to / 2 ** 20)}M"`,
    apply: { limits: { [link.service]: { memoryBytes: to } } },
    predicted: null,
    conditions: b.conditions,
  };
};

/** The recommendations for the services on the measured path, largest predicted saving first. */
export const recommendationsOf = ({
  bottlenecks,
  hostCpus,
}: {
  bottlenecks: Bottlenecks | null;
  hostCpus: number | null;
}): Recommendation[] => {
  if (!bottlenecks) return [];
  const found = bottlenecks.links.flatMap((link) =>
    [cpuRecommendation(link, bottlenecks, hostCpus), memoryRecommendation(link, bottlenecks)].filter(
      (r): r is Recommendation => r !== null,
    ),
  );
  return found.sort((a, b) => (b.predicted?.savedMs ?? 0) - (a.predicted?.savedMs ?? 0));
};
