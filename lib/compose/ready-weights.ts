import type { Service } from "./types";

/**
 * Start cost of a container without a health check: it counts as ready once running, which takes
 * about this long for a container whose image is present (create + start + the first state poll).
 */
export const NO_HEALTHCHECK_READY_MS = 2_000;

/** Where a service's expected ready time comes from (shown on the Topology page). */
export type ReadySource =
  /** Median start → ready over the topology's measured healthy deploys. */
  | "measured"
  /** A one-shot job: median start → exit 0 over the measured deploys. */
  | "measured_run"
  /** The health check's start_period: the time the file gives the service to become healthy. */
  | "start_period"
  /** No start_period: Docker runs the first check one interval after start, so interval × 1. */
  | "interval"
  /** A one-shot job never measured yet: its run time is unknown, the container start cost stands in. */
  | "job_unmeasured"
  /** No health check: ready once running, the container start cost. */
  | "no_healthcheck";

/** A service's expected ready time and its origin; `runs` counts the measured deploys behind a median. */
export type ReadyWeight = { ms: number; source: ReadySource; runs?: number };

/** A measured median and how many runs it is the median of. */
export type MeasuredReady = { ms: number; runs: number };

/**
 * One-shot jobs: services others wait on with `service_completed_successfully` (migrations, init
 * jobs). They are "ready" when they exit 0, so they weigh their run time, not a health check.
 */
export const oneShotJobs = ({ services }: { services: Service[] }): Set<string> =>
  new Set(
    services.flatMap((service) =>
      service.dependsOn
        .filter((dependency) => dependency.condition === "service_completed_successfully")
        .map((dependency) => dependency.service),
    ),
  );

/**
 * Expected ready time of one service: the measured median when runs exist; else, for a job, the
 * container start cost (its run time is unknown until measured); else the health check's
 * start_period, or its interval when start_period is 0 (Docker's default interval is 30 s, already
 * filled in by normalizeHealthcheck); else the container start cost.
 */
export const readyWeightOf = ({
  service,
  oneShot,
  measured,
}: {
  service: Service;
  oneShot: boolean;
  measured?: MeasuredReady;
}): ReadyWeight => {
  if (measured)
    return { ms: measured.ms, source: oneShot ? "measured_run" : "measured", runs: measured.runs };
  if (oneShot) return { ms: NO_HEALTHCHECK_READY_MS, source: "job_unmeasured" };
  const check = service.healthcheck;
  if (check && check.startPeriodMs > 0) return { ms: check.startPeriodMs, source: "start_period" };
  if (check) return { ms: check.intervalMs, source: "interval" };
  return { ms: NO_HEALTHCHECK_READY_MS, source: "no_healthcheck" };
};

/** One line saying what a weight is and where it came from, for the Topology page. */
export const describeReadyWeight = (weight: ReadyWeight): string => {
  const runs = `${weight.runs ?? 0} run${weight.runs === 1 ? "" : "s"}`;
  switch (weight.source) {
    case "measured":
      return `measured median start → ready over ${runs}`;
    case "measured_run":
      return `one-shot job: measured median run time over ${runs}`;
    case "start_period":
      return "health check start_period";
    case "interval":
      return "health check interval × 1 (no start_period: the first check runs one interval after start)";
    case "job_unmeasured":
      return "one-shot job not measured yet: container start cost until a run measures it";
    case "no_healthcheck":
      return "no health check: container start cost (ready once running)";
  }
};
