// Bottlenecks: the measured critical path, link by link, with what each service on it used while it
// started (CPU against its limit, CFS throttling from its cgroup, memory headroom) and how its time
// splits into waiting on its gates and starting. Pure.
import type { Bottlenecks, MeasuredRun, PathLinkFigure, ServiceMeasurement } from "./types";

/** Share of CFS periods that were throttled (0–1); null without a reading or without periods (no limit). */
export const throttledRatioOf = (m: Pick<ServiceMeasurement, "throttling">): number | null =>
  m.throttling && m.throttling.periods > 0 ? m.throttling.throttledPeriods / m.throttling.periods : null;

/** A service counts as throttled from this share of its CFS periods on. */
export const THROTTLED_RATIO = 0.2;

const headroom = (peak: number | null, limit: number | null): number | null =>
  peak !== null && limit !== null && limit > 0 ? 1 - peak / limit : null;

/** The bottleneck section of a measured run, or null when it has no measured path. */
export const bottlenecksOf = (run: MeasuredRun): Bottlenecks | null => {
  if (!run.path) return null;
  const byService = new Map(run.services.map((s) => [s.service, s]));
  const onPath = new Set(run.path.links.map((l) => l.service));
  const links: PathLinkFigure[] = run.path.links.map((link) => {
    const m = byService.get(link.service);
    return {
      service: link.service,
      waitedFor: link.waitedFor,
      contributesMs: link.contributesMs,
      ownMs: link.ownMs,
      waitingMs: link.createdAtMs,
      startingMs: link.readyAtMs - link.createdAtMs,
      readyAtMs: link.readyAtMs,
      cpuLimitCores: m?.cpuLimitCores ?? null,
      cpuAvgCores: m?.cpuAvgCores ?? null,
      cpuPeakCores: m?.cpuPeakCores ?? null,
      throttledRatio: m ? throttledRatioOf(m) : null,
      throttledMs: m?.throttling?.throttledMs ?? null,
      memoryPeakBytes: m?.memoryPeakBytes ?? null,
      memoryLimitBytes: m?.memoryLimitBytes ?? null,
      memoryHeadroomRatio: headroom(m?.memoryPeakBytes ?? null, m?.memoryLimitBytes ?? null),
    };
  });
  const throttledOffPath = run.services
    .filter((s) => !onPath.has(s.service))
    .map((s) => ({ service: s.service, throttledRatio: throttledRatioOf(s) }))
    .filter(
      (s): s is { service: string; throttledRatio: number } => (s.throttledRatio ?? 0) >= THROTTLED_RATIO,
    );
  return {
    conditions: run.conditions,
    totalMs: run.totalMs,
    boundMs: run.path.boundMs,
    links,
    throttledOffPath,
  };
};
