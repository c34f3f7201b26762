// A stored run as the live views' RunSnapshot, so the run detail page reuses the live timeline.
import type { RunSnapshot, ServiceState } from "@/lib/deploy/browser-types";
import type { StoredRunStatus } from "@/lib/db/run-columns";
import type { RunDetail } from "@/lib/db/runs";

export type StoredRun = Pick<
  RunDetail,
  | "id"
  | "project"
  | "environmentId"
  | "kind"
  | "strategy"
  | "startedAt"
  | "status"
  | "phases"
  | "services"
  | "totalMs"
  | "readyMs"
>;

/** A stored status as the snapshot's outcome: a run still `running` in the database has none yet. */
const outcomeOf = (status: StoredRunStatus): RunSnapshot["outcome"] => (status === "running" ? null : status);

/** The snapshot shape of a stored run (no live result; times in ms since the run started). */
export const storedSnapshot = (run: StoredRun): RunSnapshot => ({
  runId: run.id,
  project: run.project,
  environmentId: run.environmentId,
  kind: run.kind,
  strategy: run.strategy === "none" ? null : run.strategy,
  startedAt: run.startedAt.toISOString(),
  run: { state: "torn_down" },
  outcome: outcomeOf(run.status),
  readyAt: run.readyMs,
  phases: run.phases.map((p) => ({
    name: p.name,
    services: p.services,
    startedAt: p.startedAtMs,
    readyAt: p.readyAtMs,
  })),
  services: Object.fromEntries(
    run.services.map((s) => {
      const times: Partial<Record<ServiceState, number>> = {};
      if (s.createdAtMs !== null) times.creating = s.createdAtMs;
      if (s.runningAtMs !== null) times.running = s.runningAtMs;
      if (s.readyAtMs !== null) times.healthy = s.readyAtMs;
      if (s.state === "failed") times.failed = s.readyAtMs ?? s.runningAtMs ?? s.createdAtMs ?? 0;
      return [s.service, { state: s.state, container: s.container, detail: null, dockerHealth: null, times }];
    }),
  ),
  images: {},
  logTail: [],
  lastT: run.totalMs ?? 0,
  result: null,
  latency: null,
});
