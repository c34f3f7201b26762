// The predicted effect of a change on the measured critical path, from the bound model: the path's
// time is the sum of what its links contribute; a change that speeds one link up shortens the path
// by that link's saving, assuming the same chain stays critical. (The lead unifies this with
// lib/prediction at merge.) Pure.
import type { PathLink } from "@/lib/runs/measured-critical-path";

/**
 * How much of a start's time remains when its CPU limit goes from `fromCores` to `toCores`: the
 * throttled share of its periods runs `from/to` as long, the rest is unchanged (I/O, waits, sleeps).
 */
export const cpuSpeedup = ({
  throttledRatio,
  fromCores,
  toCores,
}: {
  throttledRatio: number;
  fromCores: number;
  toCores: number;
}): number => {
  if (fromCores <= 0 || toCores <= 0) return 1;
  const r = Math.min(Math.max(throttledRatio, 0), 1);
  return 1 - r + r * Math.min(fromCores / toCores, 1);
};

/** The path's predicted time (ms) when each named service's contribution is scaled by its factor. */
export const predictedPathMs = ({
  links,
  factors,
}: {
  links: Pick<PathLink, "service" | "contributesMs">[];
  /** service → remaining share of its contribution (1: unchanged). */
  factors: Record<string, number>;
}): number => links.reduce((sum, link) => sum + link.contributesMs * (factors[link.service] ?? 1), 0);
