// Stores finished deploy and teardown runs: the run, its phase and service timings and its events,
// in one transaction. `startRunRecorder` subscribes to the deploy bus once, at boot.
import type { PrismaClient } from "@/generated/prisma/client";
import type { DeployEvent, RunResult } from "@/lib/deploy";
import { getDeployBus } from "@/lib/deploy";
import { engineStatus } from "@/lib/docker/engine";
import { globalSingleton } from "@/lib/global-singleton";
import { getPrisma } from "./client";
import { conditionColumns } from "./run-conditions";

/** Engine and host facts stored with a run, so runs on different machines are not compared blindly. */
export type RunHostFacts = { engineVersion: string | null; cpus: number | null; memoryBytes: number | null };

export type RecordRunOptions = {
  result: RunResult;
  events?: DeployEvent[];
  host?: RunHostFacts;
  prisma?: PrismaClient;
};

/** Events kept per run: byte-level pull progress is dropped, everything else is kept up to this many. */
export const MAX_EVENTS_PER_RUN = 5_000;

/** The topology's name a run is stored under: as the user picked it (settings.topology), else the project. */
export const runTopology = (result: RunResult): string =>
  typeof result.settings.topology === "string" ? result.settings.topology : result.project;

const worthKeeping = (event: DeployEvent): boolean =>
  event.type !== "image_progress" || (event.current === null && event.total === null);

/** Writes a finished run (upserted by its id) with its timings and events in one transaction. */
export const recordRun = async ({
  result,
  events = [],
  host,
  prisma = getPrisma(),
}: RecordRunOptions): Promise<void> => {
  const run = {
    topology: runTopology(result),
    strategy: result.strategy ?? "none",
    status: result.status,
    startedAt: new Date(result.startedAt),
    finishedAt: new Date(Date.parse(result.startedAt) + result.totalMs + (result.cleanupMs ?? 0)),
    kind: result.kind,
    project: result.project,
    topologyHash: result.topologyHash,
    totalMs: result.totalMs,
    cleanupMs: result.cleanupMs,
    error: result.error ? JSON.stringify(result.error) : null,
    settings: JSON.stringify({ ...result.settings, created: result.created }),
    engineVersion: host?.engineVersion ?? null,
    hostCpus: host?.cpus ?? null,
    hostMemoryBytes: host?.memoryBytes ?? null,
    fitCpuScale: result.fitScale?.cpu ?? null,
    fitMemoryScale: result.fitScale?.memory ?? null,
    ...conditionColumns(result),
  };
  // The bus recorder already dropped them; direct callers may pass every event.
  const kept = events.filter(worthKeeping).slice(-MAX_EVENTS_PER_RUN);
  await prisma.$transaction([
    prisma.run.upsert({ where: { id: result.runId }, create: { id: result.runId, ...run }, update: run }),
    prisma.phaseTiming.deleteMany({ where: { runId: result.runId } }),
    prisma.serviceTiming.deleteMany({ where: { runId: result.runId } }),
    prisma.runEvent.deleteMany({ where: { runId: result.runId } }),
    prisma.phaseTiming.createMany({
      data: result.phases.map((phase) => ({
        runId: result.runId,
        index: phase.index,
        name: phase.name,
        services: JSON.stringify(phase.services),
        startedAtMs: phase.startedAt,
        readyAtMs: phase.readyAt,
      })),
    }),
    prisma.serviceTiming.createMany({
      data: result.services.map((service) => ({
        runId: result.runId,
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
      })),
    }),
    prisma.runEvent.createMany({
      data: kept.map((event) => ({
        runId: result.runId,
        t: event.t,
        at: new Date(event.at),
        type: event.type,
        payload: JSON.stringify(event),
      })),
    }),
  ]);
};

export type StartRunRecorderOptions = {
  prisma?: PrismaClient;
  /** Applied to the result and every event before they are stored (the panel passes its secret redactor). */
  redact?: (runId: string) => <T>(value: T) => T;
  /** Called when a run cannot be stored (the run itself is unaffected). */
  onError?: (error: unknown, runId: string) => void;
};

export type RunRecorder = {
  /** Unsubscribes from the bus; a later startRunRecorder starts a fresh one. */
  stop: () => void;
  /** Resolves when the run has been stored (or at once if it is unknown). */
  done: (runId: string) => Promise<void>;
};

const holder = (): { current: RunRecorder | null } =>
  globalSingleton("run-recorder", () => ({ current: null }));

/**
 * Subscribes to the deploy bus (once per process: a second call returns the running recorder) and
 * stores every run when it finishes, with the events it published.
 */
export const startRunRecorder = ({
  prisma,
  onError = (error, runId) => console.error(`could not record run ${runId}:`, error),
  redact = () => (value) => value,
}: StartRunRecorderOptions = {}): RunRecorder => {
  const running = holder().current;
  if (running) return running;
  const buffers = new Map<string, DeployEvent[]>();
  const stored = new Map<string, Promise<void>>();
  let host: Promise<RunHostFacts> | null = null;
  const hostFacts = (): Promise<RunHostFacts> =>
    (host ??= engineStatus().then((status) =>
      status.reachable
        ? { engineVersion: status.version, cpus: status.cpus, memoryBytes: status.memoryBytes }
        : { engineVersion: null, cpus: null, memoryBytes: null },
    ));
  const unsubscribe = getDeployBus().subscribe((event) => {
    const buffer = buffers.get(event.runId) ?? [];
    // Byte-level pull progress is never stored: not buffered (nor redacted) at all.
    if (worthKeeping(event)) buffer.push(event);
    buffers.set(event.runId, buffer);
    if (event.type !== "run_finished") return;
    buffers.delete(event.runId);
    const clean = redact(event.runId);
    const saving = hostFacts()
      .then((facts) => recordRun({ result: clean(event.result), events: clean(buffer), host: facts, prisma }))
      .catch((error: unknown) => onError(error, event.runId));
    stored.set(event.runId, saving);
    void saving.finally(() => setTimeout(() => stored.delete(event.runId), 60_000).unref());
  });
  const recorder: RunRecorder = {
    stop: () => {
      unsubscribe();
      if (holder().current === recorder) holder().current = null;
    },
    done: (runId) => stored.get(runId) ?? Promise.resolve(),
  };
  holder().current = recorder;
  return recorder;
};
