// The one place that turns a run (as the orchestrator fills it in) into database rows. A new
// stored run field is one line in `runRowOf`; the journal writes whatever this returns.
import { conditionColumns } from "@/lib/db/run-conditions";
import type { EventRow, PhaseRow, RunRow, ServiceRow } from "@/lib/db/run-writes";
import type { DeployEvent, RunResult, RunState } from "@/lib/deploy";

/** Engine and host facts stored with a run, so runs on different machines are not compared blindly. */
export type RunHostFacts = { engineVersion: string | null; cpus: number | null; memoryBytes: number | null };

/** The topology's name a run is stored under: as the user picked it (settings.topology), else the project. */
export const runTopology = (result: Pick<RunResult, "settings" | "project">): string =>
  typeof result.settings.topology === "string" ? result.settings.topology : result.project;

/** Byte-level pull progress is never stored; everything else is. */
export const worthKeeping = (event: DeployEvent): boolean =>
  event.type !== "image_progress" || (event.current === null && event.total === null);

/** A run state as a person reads it, stored so an interrupted run says how far it got. */
export const reachedStateText = (state: RunState): string => {
  switch (state.state) {
    case "starting":
      return `starting phase ${state.phase}/${state.phases} (${state.phaseName})`;
    case "tearing_down":
      return "tearing down";
    case "torn_down":
      return "torn down";
    default:
      return state.state;
  }
};

export type RunRowOptions = {
  result: RunResult;
  /** true once run_finished arrived: the result's status is the verdict; before, the run is "running". */
  finished: boolean;
  reachedState: string | null;
  host: RunHostFacts | null;
  ownerId: string;
};

const cleanupColumns = (cleanup: RunResult["cleanup"]) => ({
  cleanupState: cleanup?.state ?? null,
  cleanupLeftovers: cleanup && cleanup.state !== "done" ? JSON.stringify(cleanup.leftovers) : null,
});

/** The run's row: settings, measured times, verdict, host facts, owner and cleanup. */
export const runRowOf = ({ result, finished, reachedState, host, ownerId }: RunRowOptions): RunRow => ({
  topology: runTopology(result),
  environmentId: typeof result.settings.environmentId === "string" ? result.settings.environmentId : null,
  strategy: result.strategy ?? "none",
  status: finished ? result.status : "running",
  startedAt: new Date(result.startedAt),
  finishedAt: finished
    ? new Date(Date.parse(result.startedAt) + result.totalMs + (result.cleanupMs ?? 0))
    : null,
  kind: result.kind,
  project: result.project,
  topologyHash: result.topologyHash,
  totalMs: finished ? result.totalMs : null,
  cleanupMs: result.cleanupMs,
  error: result.error ? JSON.stringify(result.error) : null,
  settings: JSON.stringify({ ...result.settings, created: result.created }),
  engineVersion: host?.engineVersion ?? null,
  hostCpus: host?.cpus ?? null,
  hostMemoryBytes: host?.memoryBytes ?? null,
  fitCpuScale: result.fitScale?.cpu ?? null,
  fitMemoryScale: result.fitScale?.memory ?? null,
  ...conditionColumns(result),
  ownerId,
  reachedState,
  ...cleanupColumns(result.cleanup),
});

/** The cleanup columns alone (a later verdict of the background retry). */
export const cleanupRowOf = (cleanup: NonNullable<RunResult["cleanup"]>) => ({
  cleanupState: cleanup.state,
  cleanupLeftovers: cleanup.state !== "done" ? JSON.stringify(cleanup.leftovers) : null,
});

export const phaseRowsOf = (result: RunResult): PhaseRow[] =>
  result.phases.map((phase) => ({
    index: phase.index,
    name: phase.name,
    services: JSON.stringify(phase.services),
    startedAtMs: phase.startedAt,
    readyAtMs: phase.readyAt,
  }));

export const serviceRowsOf = (result: RunResult): ServiceRow[] =>
  result.services.map((service) => ({
    service: service.service,
    container: service.container,
    phase: service.phase,
    state: service.state,
    createdAtMs: service.createdAt,
    startedAtMs: service.startedAt,
    runningAtMs: service.runningAt,
    readyAtMs: service.readyAt,
    dockerHealthyAtMs: service.dockerHealthyAt,
    removedAtMs: service.removedAt,
    engineCreatedAtMs: service.engine?.createdAt ?? null,
    engineStartedAtMs: service.engine?.startedAt ?? null,
    engineHealthyAtMs: service.engine?.healthyAt ?? null,
    engineDiedAtMs: service.engine?.diedAt ?? null,
    probeKind: service.probeKind ?? null,
  }));

export const eventRowOf = (event: DeployEvent): EventRow => ({
  t: event.t,
  at: new Date(event.at),
  type: event.type,
  payload: JSON.stringify(event),
});
