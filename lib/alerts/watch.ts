// The alert rules at work: the engine's container events (died, unhealthy, restart loop), the runs
// on the deploy bus (failed, slower than usual), the engine's answer to a ping and its Swarm nodes
// (unreachable), and the data root's fill, every signal through the sink. One watch per engine; the
// panel starts the local engine's at boot (lib/alerts/index.ts).
import type Docker from "dockerode";
import { listRuleSettings, openAlerts } from "@/lib/db/alerts";
import { recordAudit } from "@/lib/db/audit";
import type { DeployBus } from "@/lib/deploy/bus";
import { HEALTH_ACTIONS, watchContainerEvents, type ContainerEvent } from "@/lib/docker/docker-events";
import { restartServiceContainers } from "@/lib/docker/containers";
import {
  dataRootUse,
  engineNoAnswer,
  healthIntervalMs,
  swarmNodeStates,
} from "@/lib/docker/engine-health-facts";
import { LABEL, serviceLabelOf } from "@/lib/docker/labels";
import { createContainerTracker } from "./container-tracker";
import { createReachabilityTracker } from "./reachability";
import { findRegression } from "@/lib/runs/regression";
import { storedFinishedRun } from "./regression";
import {
  ENGINE_WIDE,
  REMEDY_MAX_PER_HOUR,
  REMEDY_RULES,
  ruleTitle,
  thresholdOf,
  type AlertRule,
  type RuleSetting,
} from "./rules";
import { alertKey, type AlertSignal } from "./signals";
import { applySignal, type SinkOutcome } from "./sink";

/** After a panel run that stops containers ends, its project's deaths stay expected this long (late events, cleanup). */
export const QUIET_GRACE_MS = 10_000;
/** How often the time-based rules are checked. */
export const TICK_MS = 1_000;
/** How often the data root's fill is read. */
export const DATA_ROOT_EVERY_MS = 60_000;
/** How often the engine is pinged (and, a Swarm manager, its nodes read). */
export const ENGINE_PING_EVERY_MS = 5_000;
/** The same for an added environment's engine (an ssh:// one opens a connection per request). */
export const REMOTE_ENGINE_PING_EVERY_MS = 15_000;
/** How often stored rule settings are read again (a change through the API reloads them at once: changeRules). */
export const SETTINGS_EVERY_MS = 30_000;

export type AlertWatchOptions = {
  docker: Docker;
  bus: DeployBus;
  /** The environment id (null: the panel's own engine). */
  environment: string | null;
  /** Called with each applied signal's outcome (tests wait on deliveries). */
  onOutcome?: (outcome: SinkOutcome, signal: AlertSignal) => void;
  dataRootEveryMs?: number;
  engineEveryMs?: number;
  /** The engine's name in messages (default: "the panel's engine" for the local one, else the id). */
  engineName?: string;
  /**
   * Whether the data root is read (statfs on this machine): only for an engine on this host — a
   * remote engine's DockerRootDir names a path on its own host (default: the local engine only).
   */
  measureDataRoot?: boolean;
};

export type AlertWatch = { stop: () => void; reloadSettings: () => Promise<void> };

/** Starts watching one engine and the bus; `stop` ends every stream and timer. */
export const startAlertWatch = (options: AlertWatchOptions): AlertWatch => {
  const { docker, bus, environment, onOutcome } = options;
  let settings = new Map<string, RuleSetting>();
  const settingOf = (project: string, rule: AlertRule) => settings.get(`${project}|${rule}`);
  const enabled = (project: string, rule: AlertRule) => settingOf(project, rule)?.enabled ?? true;
  const reloadSettings = async () => {
    settings = new Map((await listRuleSettings()).map((s) => [`${s.project}|${s.rule}`, s]));
  };

  // Projects the panel is working on now (run id → project), and when each one's grace ends.
  const inFlight = new Map<string, { project: string; kind: string }>();
  const graceUntil = new Map<string, number>();
  const quiet = (project: string) =>
    [...inFlight.values()].some((r) => r.project === project && r.kind !== "latency") ||
    (graceUntil.get(project) ?? 0) > Date.now();

  const tracker = createContainerTracker({ environment, settingOf, quiet });
  const reachability = createReachabilityTracker({
    environment,
    engineName:
      options.engineName ?? (environment === null ? "the panel's Docker engine" : `engine ${environment}`),
    thresholdSeconds: () => thresholdOf("engine_unreachable", settingOf(ENGINE_WIDE, "engine_unreachable")),
    enabled: () => enabled(ENGINE_WIDE, "engine_unreachable"),
  });

  // The remedy: restart a service's container once when its alert opens, at most
  // REMEDY_MAX_PER_HOUR times an hour per service, audited; its own stop is the panel's (quiet).
  const remedies = new Map<string, number[]>();
  const remedy = async (signal: AlertSignal, outcome: SinkOutcome) => {
    if (signal.kind !== "open" || outcome.kind !== "opened" || !signal.project || !signal.service) return;
    if (!REMEDY_RULES.includes(signal.rule) || settingOf(signal.project, signal.rule)?.remedy !== true)
      return;
    const id = `${signal.project}/${signal.service}`;
    const now = Date.now();
    const recent = (remedies.get(id) ?? []).filter((t) => now - t < 3_600_000);
    const allowed = recent.length < REMEDY_MAX_PER_HOUR;
    if (allowed) remedies.set(id, [...recent, now]);
    graceUntil.set(signal.project, now + QUIET_GRACE_MS);
    const containers = allowed
      ? await restartServiceContainers({ docker, project: signal.project, service: signal.service }).catch(
          (error: unknown) => (error instanceof Error ? error.message : String(error)),
        )
      : `not restarted: ${REMEDY_MAX_PER_HOUR} restarts within the hour already`;
    // The restart's own stop may take its 10 s grace: its late events are the panel's too.
    graceUntil.set(signal.project, Date.now() + QUIET_GRACE_MS);
    await recordAudit({
      actor: "panel",
      action: "alert.remedy",
      target: id,
      ok: Array.isArray(containers),
      detail: { alertId: outcome.alertId, rule: signal.rule, containers },
    });
  };

  // Signals are applied in order, one at a time: an open must be stored before its resolve.
  let chain: Promise<unknown> = Promise.resolve();
  const apply = (signals: AlertSignal[]) => {
    for (const signal of signals)
      chain = chain
        .then(() => applySignal(signal))
        .then((outcome) => {
          onOutcome?.(outcome, signal);
          // Beside the chain: a slow restart never holds up the next signals.
          void remedy(signal, outcome).catch((error: unknown) =>
            console.error("alert remedy failed:", error),
          );
        })
        .catch((error: unknown) => console.error("could not apply an alert:", error));
  };
  // Engine events are folded in order too (a start's inspect must not overtake the die before it).
  let events: Promise<unknown> = Promise.resolve();
  const onEvent = (event: ContainerEvent) => {
    const project = event.attributes[LABEL.project];
    const service = serviceLabelOf(event.attributes);
    if (!project || !service) return;
    const needsInterval = event.action === "start" || event.action === "health_status: unhealthy";
    events = events
      .then(async () => {
        const interval = needsInterval
          ? await healthIntervalMs({ docker, containerId: event.containerId })
          : null;
        const exit = Number(event.attributes.exitCode);
        apply(
          tracker.observe({
            action: event.action,
            project,
            service,
            name: event.attributes.name ?? service,
            exitCode: event.action === "die" && Number.isFinite(exit) ? exit : null,
            healthIntervalMs: interval,
            time: event.time || Date.now(),
          }),
        );
      })
      .catch((error: unknown) => console.error("could not judge a container event:", error));
  };

  const runKey = (rule: AlertRule, project: string) =>
    alertKey({ rule, environment, project, subject: null });
  const open = (
    rule: AlertRule,
    project: string,
    runId: string | null,
    title: string,
    detail: string,
  ): AlertSignal => ({
    kind: "open",
    key: runKey(rule, project),
    rule,
    project,
    service: null,
    environment,
    runId,
    title,
    detail,
  });
  const resolve = (rule: AlertRule, project: string, detail: string): AlertSignal => ({
    kind: "resolve",
    key: runKey(rule, project),
    detail,
  });

  const unsubscribe = bus.subscribe((event) => {
    if (event.type === "run_started") {
      // Only this watch's engine: a run elsewhere is another watch's (or none's), never "local".
      if ((event.environmentId ?? null) === environment)
        inFlight.set(event.runId, { project: event.project, kind: event.kind });
      return;
    }
    if (event.type !== "run_finished" || !inFlight.has(event.runId)) return;
    const { result } = event;
    inFlight.delete(event.runId);
    // A healthy deploy stopped nothing after its end; every other run may have (teardown, scale-down,
    // a failed deploy's cleanup), and their last events can trail run_finished.
    if (!(result.kind === "deploy" && result.status === "healthy"))
      graceUntil.set(result.project, Date.now() + QUIET_GRACE_MS);
    if (result.kind === "latency") return;
    if (result.status === "failed" && enabled(result.project, "run_failed"))
      apply([
        open(
          "run_failed",
          result.project,
          result.runId,
          `${ruleTitle("run_failed")}: ${result.kind} of ${result.project}`,
          `The ${result.kind} run ${result.runId} failed: ${result.error?.message ?? "no reason recorded"}.`,
        ),
      ]);
    if (result.status === "healthy" && result.kind === "deploy")
      apply([resolve("run_failed", result.project, `A later deploy (${result.runId}) is healthy.`)]);
    if (result.status === "torn_down") {
      apply(tracker.resolveProject(result.project, `${result.project} was torn down by the panel.`));
      apply([resolve("run_failed", result.project, `${result.project} was torn down by the panel.`)]);
    }
    if (
      result.status === "healthy" &&
      result.kind === "deploy" &&
      enabled(result.project, "deploy_regression")
    )
      void judgeDeploy(result.runId, result.project);
  });

  const judgeDeploy = async (runId: string, project: string) => {
    try {
      const run = await storedFinishedRun({ runId });
      if (!run) return;
      const marginPercent = thresholdOf("deploy_regression", settingOf(project, "deploy_regression"));
      const finding = await findRegression({ run, marginPercent });
      if (finding.baselineMedianMs === null) return;
      apply([
        finding.regression
          ? open(
              "deploy_regression",
              project,
              runId,
              `${ruleTitle("deploy_regression")}: ${run.topology}`,
              `Deploy ${runId} took ${(run.totalMs ?? 0) / 1000} s, more than ${marginPercent} % over the median ${finding.baselineMedianMs / 1000} s of ${finding.comparedRuns} earlier deploys under equal conditions.`,
            )
          : resolve(
              "deploy_regression",
              project,
              `Deploy ${runId} took ${(run.totalMs ?? 0) / 1000} s, within ${marginPercent} % of the median ${finding.baselineMedianMs / 1000} s.`,
            ),
      ]);
    } catch (error) {
      console.error("could not judge a deploy's speed:", error);
    }
  };

  const dataRootKey = alertKey({ rule: "data_root_full", environment, project: null, subject: "data-root" });
  const measureDataRoot = options.measureDataRoot ?? environment === null;
  const checkDataRoot = async () => {
    if (!measureDataRoot) return;
    try {
      const use = await dataRootUse({ docker });
      if (!use) return;
      // Engine-wide: the setting of the project named "*" (the API's engine-wide entry).
      const limit = thresholdOf("data_root_full", settingOf(ENGINE_WIDE, "data_root_full"));
      const percent = Math.round(use.usedFraction * 1000) / 10;
      if (percent >= limit && enabled(ENGINE_WIDE, "data_root_full"))
        apply([
          {
            kind: "open",
            key: dataRootKey,
            rule: "data_root_full",
            project: null,
            service: null,
            environment,
            runId: null,
            title: `${ruleTitle("data_root_full")}: ${percent} % of ${use.path}`,
            detail: `${use.path} is ${percent} % full (${Math.round(use.freeBytes / 1e9)} GB free): prune images, build cache or volumes.`,
          },
        ]);
      else if (percent < limit)
        apply([{ kind: "resolve", key: dataRootKey, detail: `${use.path} is ${percent} % full.` }]);
    } catch {
      // an unreachable engine: engine_unreachable says so
    }
  };

  // One ping at a time (each bounded by its own timeout): a frozen engine never piles them up.
  let pinging = false;
  const checkEngine = async () => {
    if (pinging) return;
    pinging = true;
    try {
      const error = await engineNoAnswer({ docker });
      apply(reachability.observeEngine({ error, now: Date.now() }));
      if (error !== null) return;
      const nodes = await swarmNodeStates({ docker }).catch(() => undefined);
      // undefined: the manager did not answer the node list this time; judge the nodes next time.
      if (nodes !== undefined) apply(reachability.observeNodes({ nodes, now: Date.now() }));
    } catch (error) {
      console.error("could not judge the engine's reachability:", error);
    } finally {
      pinging = false;
    }
  };

  const stream = watchContainerEvents({
    label: `${LABEL.managed}=true`,
    actions: HEALTH_ACTIONS,
    docker,
    onEvent,
  });
  const ticker = setInterval(() => apply(tracker.tick(Date.now())), TICK_MS);
  const dataRoot = setInterval(() => void checkDataRoot(), options.dataRootEveryMs ?? DATA_ROOT_EVERY_MS);
  const settingsTimer = setInterval(() => void reloadSettings().catch(() => undefined), SETTINGS_EVERY_MS);
  const engineTimer = setInterval(() => void checkEngine(), options.engineEveryMs ?? ENGINE_PING_EVERY_MS);
  const timers = [ticker, dataRoot, settingsTimer, engineTimer];
  for (const timer of timers) timer.unref();
  void reloadSettings().catch(() => undefined);
  void checkDataRoot();
  // Alerts a previous panel process left open: their resolve is still owed.
  void openAlerts()
    .then((rows) => {
      const keys = rows.filter((r) => (r.environment ?? null) === environment).map((r) => r.key);
      tracker.seedOpen(keys);
      reachability.seedOpen(keys);
    })
    .catch(() => undefined);

  return {
    stop: () => {
      stream.stop();
      unsubscribe();
      for (const timer of timers) clearInterval(timer);
    },
    reloadSettings,
  };
};
