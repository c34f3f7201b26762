// Readiness of one started container: Docker's health status, plus the service's own health test
// exec'd every probeIntervalMs during startup, so "ready" means ready now, not at Docker's next interval.
import type { Service } from "@/lib/compose/types";
import { inspectContainer } from "@/lib/docker/containers";
import { tailLogs } from "@/lib/docker/logs";
import { serviceProbe, type ProbeMode } from "./probe";
import { serviceFailure } from "./run-failure";
import { sleep } from "./run-context";
import type { RunContext } from "./run-context";
import type { ProbeKind } from "./types";

/** Extra time past a check's own worst case before a service counts as not ready. */
export const READY_MARGIN_MS = 5_000;
/** How long a service without a health check may take to be running. */
export const NO_CHECK_TIMEOUT_MS = 30_000;
/** Lines of a failing service's output carried in the run's error. */
export const LOG_TAIL_LINES = 30;

/** Default time a service may take to be ready: startPeriod + interval × (retries + 1) + margin. */
export const defaultReadyTimeoutMs = (service: Pick<Service, "healthcheck">): number => {
  const check = service.healthcheck;
  if (!check) return NO_CHECK_TIMEOUT_MS;
  return check.startPeriodMs + check.intervalMs * (check.retries + 1) + READY_MARGIN_MS;
};

/** How long, past ready, a run waits for Docker's own health status: one interval, one timeout, 1 s. */
export const dockerHealthWaitMs = (check: NonNullable<Service["healthcheck"]>): number =>
  check.intervalMs + check.timeoutMs + 1_000;

export type ReadinessMarks = {
  runningAt: number | null;
  readyAt: number | null;
  dockerHealthyAt: number | null;
  completed: boolean;
  lastHealthOutput: string | null;
  /** What decided readiness (or what probed it, while not ready). */
  probeKind: ProbeKind | null;
};

export type WaitReadyOptions = {
  ctx: RunContext;
  service: Service;
  containerId: string;
  probeIntervalMs: number;
  /** exec (the default), docker or auto (see probe.ts). */
  probeMode?: ProbeMode;
  timeoutMs: number;
  /** Others wait for it to exit 0: an exit 0 is success, not failure. */
  oneShot: boolean;
  marks: ReadinessMarks;
  onRunning: () => void;
  onDockerHealth: (status: string) => void;
};

const fail = async (options: WaitReadyOptions, message: string): Promise<never> => {
  const logTail = await tailLogs({ id: options.containerId, lines: LOG_TAIL_LINES }).catch(() => []);
  throw serviceFailure({
    message,
    service: options.service.name,
    logTail,
    healthOutput: options.marks.lastHealthOutput,
  });
};

/** Watches a started container until it is ready (or completed, for a one-shot); throws a service failure otherwise. */
export const waitReady = async (options: WaitReadyOptions): Promise<void> => {
  const { ctx, service, containerId, probeIntervalMs, timeoutMs, oneShot, marks } = options;
  const deadline = ctx.now() + timeoutMs;
  let dockerHealth: string | null = null;
  // Without a health check, "running" must survive one more probe: a process that exits at once
  // (a crash on start) is seen as running for a moment and must not count as ready.
  let seenRunningBefore = false;
  const check = service.healthcheck;
  const probe = check
    ? serviceProbe({
        service: { ...service, healthcheck: check },
        containerId,
        mode: options.probeMode ?? "exec",
      })
    : null;
  marks.probeKind = probe?.kind ?? "running";
  for (;;) {
    const iterationStart = ctx.now();
    ctx.signal.throwIfAborted();
    const info = await inspectContainer({ id: containerId });
    if (!info) return fail(options, `${service.name}: its container was removed while starting.`);
    const health = info.State.Health;
    if (health && health.Status !== dockerHealth) {
      dockerHealth = health.Status;
      options.onDockerHealth(health.Status);
      if (health.Status === "healthy" && marks.dockerHealthyAt === null) marks.dockerHealthyAt = ctx.now();
    }
    const lastLog = health?.Log?.at(-1);
    if (lastLog && lastLog.ExitCode !== 0 && marks.readyAt === null)
      marks.lastHealthOutput = lastLog.Output.trim();
    if (health?.Status === "unhealthy") {
      return fail(
        options,
        `${service.name} turned unhealthy: its health check failed ${service.healthcheck?.retries ?? ""} times in a row. Read its last output below.`,
      );
    }
    const exited = info.State.Status === "exited" || info.State.Status === "dead" || info.RestartCount > 0;
    if (exited) {
      if (oneShot && info.State.ExitCode === 0 && info.RestartCount === 0) {
        marks.completed = true;
        if (marks.runningAt === null) {
          marks.runningAt = ctx.now();
          options.onRunning();
        }
        marks.readyAt ??= ctx.now();
        return;
      }
      return fail(
        options,
        `${service.name} exited with code ${info.State.ExitCode}${info.RestartCount > 0 ? " and was restarted" : ""}: read its last log lines below.`,
      );
    }
    if (info.State.Running && marks.runningAt === null) {
      marks.runningAt = ctx.now();
      options.onRunning();
    }
    if (marks.runningAt !== null && !oneShot) {
      if (!service.healthcheck) {
        if (seenRunningBefore) {
          marks.readyAt = marks.runningAt;
          return;
        }
        seenRunningBefore = true;
      } else if (probe) {
        const outcome = await probe.probe({
          info,
          nowMs: ctx.now(),
          timeoutMs: Math.min(service.healthcheck.timeoutMs, Math.max(500, deadline - ctx.now())),
        });
        marks.lastHealthOutput = outcome.output;
        if (outcome.ok) {
          marks.readyAt = ctx.now();
          marks.probeKind = outcome.kind;
          return;
        }
      }
    }
    if (ctx.now() > deadline) {
      return fail(
        options,
        `${service.name} was not ready within ${Math.round(timeoutMs / 1000)} s: read its last health-check output and log lines below, or raise its timeout.`,
      );
    }
    // Probes start every probeIntervalMs; the time a probe itself took is not added on top.
    await sleep(ctx, Math.max(10, probeIntervalMs - (ctx.now() - iterationStart)));
  }
};

export type ConfirmDockerHealthOptions = Pick<
  WaitReadyOptions,
  "ctx" | "containerId" | "marks" | "onDockerHealth"
> & {
  untilMs: number;
  pollMs: number;
};

/** After the probe said ready, keeps watching until Docker itself reports healthy (or `untilMs`). */
export const confirmDockerHealth = async ({
  ctx,
  containerId,
  marks,
  onDockerHealth,
  untilMs,
  pollMs,
}: ConfirmDockerHealthOptions): Promise<void> => {
  let last: string | null = null;
  while (marks.dockerHealthyAt === null && ctx.now() < untilMs && !ctx.signal.aborted) {
    const info = await inspectContainer({ id: containerId }).catch(() => null);
    const status = info?.State.Health?.Status ?? null;
    if (status === null) return;
    if (status !== last) {
      last = status;
      onDockerHealth(status);
    }
    if (status === "healthy") marks.dockerHealthyAt = ctx.now();
    else await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
};
