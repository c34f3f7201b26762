// One run's clock, emitter and abort signal. Every timestamp of a run comes from `now()`.
import { storedEnvironmentId } from "@/lib/docker/client";
import { getDeployBus } from "./bus";
import type { DeployEvent, DeployEventInput } from "./events";

export type RunContext = {
  runId: string;
  project: string;
  startedAt: Date;
  /** ms since the run started, from performance.now (monotonic). */
  now: () => number;
  emit: (event: DeployEventInput) => void;
  /** A panel line in the run's log. */
  log: (line: string) => void;
  signal: AbortSignal;
  abort: (reason: unknown) => void;
  /** Rejects when the run is aborted; race it against anything that waits. */
  aborted: Promise<never>;
};

/** The moment a run's clock starts: the request's arrival, on the wall and the monotonic clock. */
export type RunOrigin = { at: Date; perfMs: number };

/** Now, as a run origin: taken where the request arrives, so t=0 is the request, not the first step. */
export const requestOrigin = (): RunOrigin => ({ at: new Date(), perfMs: performance.now() });

/** Creates the context of a new run, publishing on the process-wide bus; t=0 is `origin` (default: now). */
export const createRunContext = ({
  runId,
  project,
  origin: given,
}: {
  runId: string;
  project: string;
  origin?: RunOrigin;
}): RunContext => {
  const { perfMs: origin, at: startedAt } = given ?? requestOrigin();
  const controller = new AbortController();
  const bus = getDeployBus();
  // Taken here, inside the operation's engine scope: the dashboard of each environment tells its
  // own run from another engine's run of the same project by it.
  const environmentId = storedEnvironmentId();
  const now = () => Math.round((performance.now() - origin) * 10) / 10;
  const emit = (event: DeployEventInput) =>
    bus.publish({
      ...event,
      ...(event.type === "run_started" ? { environmentId } : {}),
      runId,
      project,
      t: now(),
      at: new Date().toISOString(),
    } as DeployEvent);
  const aborted = new Promise<never>((_, reject) => {
    controller.signal.addEventListener("abort", () => reject(controller.signal.reason), { once: true });
  });
  aborted.catch(() => undefined);
  return {
    runId,
    project,
    startedAt,
    now,
    emit,
    log: (line) => emit({ type: "log", service: null, stream: "panel", line }),
    signal: controller.signal,
    abort: (reason) => {
      if (!controller.signal.aborted) controller.abort(reason);
    },
    aborted,
  };
};

/** Waits `ms`, or rejects at once when the run is aborted. */
export const sleep = (ctx: Pick<RunContext, "aborted">, ms: number): Promise<void> =>
  Promise.race([new Promise<void>((resolve) => setTimeout(resolve, ms)), ctx.aborted]);

/** A promise with its resolve/reject, for gates other services wait on. */
export type Deferred<T> = {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (reason: unknown) => void;
};

/** A new Deferred whose rejection is never unhandled. */
export const deferred = <T>(): Deferred<T> => {
  const handle = {} as Deferred<T>;
  handle.promise = new Promise<T>((resolve, reject) => {
    handle.resolve = resolve;
    handle.reject = reject;
  });
  handle.promise.catch(() => undefined);
  return handle;
};
