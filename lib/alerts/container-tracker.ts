// The container rules as a state machine over the engine's events (no I/O, no timers: the watcher
// calls `tick` every second): died, unhealthy longer than N intervals, restart loop.
import { ruleTitle, RESTART_WINDOW_MS, thresholdOf, type AlertRule, type RuleSetting } from "./rules";
import { alertKey, type AlertSignal } from "./signals";

export type ContainerSignalInput = {
  action: "start" | "die" | "destroy" | "health_status: healthy" | "health_status: unhealthy";
  project: string;
  service: string;
  /** The container's name (for people), e.g. fixture-web-1. */
  name: string;
  /** A die's exit code (null for other actions). */
  exitCode: number | null;
  /** On start and unhealthy: the container's health-check interval, null without a health check. */
  healthIntervalMs: number | null;
  /** ms since the epoch. */
  time: number;
};

export type ContainerTrackerOptions = {
  environment: string | null;
  settingOf: (project: string, rule: AlertRule) => RuleSetting | undefined;
  /** True while the panel itself stops the project's containers (teardown, scale-down, cleanup). */
  quiet: (project: string) => boolean;
};

type ServiceState = {
  project: string;
  service: string;
  name: string;
  died: boolean;
  restarts: number[];
  unhealthySince: number | null;
  healthIntervalMs: number;
  waitingForHealthy: boolean;
};

export type ContainerTracker = {
  /** Folds one engine event in; returns what to open or resolve. */
  observe: (event: ContainerSignalInput) => AlertSignal[];
  /** Time-based rules (unhealthy long enough, a restart loop gone quiet). */
  tick: (now: number) => AlertSignal[];
  /** Keys already open (stored before a panel restart), so their resolve is sent. */
  seedOpen: (keys: string[]) => void;
  /** Resolves every open container alert of a project (after the panel tore it down). */
  resolveProject: (project: string, detail: string) => AlertSignal[];
};

const exitText = (code: number | null): string =>
  code === 137 ? "was killed (exit code 137, SIGKILL)" : `exited with code ${code ?? "unknown"}`;

/** A tracker for one engine. */
export const createContainerTracker = ({
  environment,
  settingOf,
  quiet,
}: ContainerTrackerOptions): ContainerTracker => {
  const states = new Map<string, ServiceState>();
  const open = new Set<string>();
  const enabled = (project: string, rule: AlertRule) => settingOf(project, rule)?.enabled ?? true;
  const keyOf = (rule: AlertRule, s: { project: string; service: string }) =>
    alertKey({ rule, environment, project: s.project, subject: s.service });

  const raise = (rule: AlertRule, s: ServiceState, detail: string): AlertSignal[] => {
    const key = keyOf(rule, s);
    if (open.has(key) || !enabled(s.project, rule)) return [];
    open.add(key);
    return [
      {
        kind: "open",
        key,
        rule,
        project: s.project,
        service: s.service,
        environment,
        runId: null,
        title: `${ruleTitle(rule)}: ${s.service} (${s.project})`,
        detail,
      },
    ];
  };
  const clear = (rule: AlertRule, s: { project: string; service: string }, detail: string): AlertSignal[] => {
    const key = keyOf(rule, s);
    if (!open.delete(key)) return [];
    return [{ kind: "resolve", key, detail }];
  };

  const stateOf = (e: ContainerSignalInput): ServiceState => {
    const id = `${e.project}/${e.service}`;
    let s = states.get(id);
    if (!s) {
      s = {
        project: e.project,
        service: e.service,
        name: e.name,
        died: false,
        restarts: [],
        unhealthySince: null,
        healthIntervalMs: 30_000,
        waitingForHealthy: false,
      };
      states.set(id, s);
    }
    s.name = e.name;
    return s;
  };

  const observe = (e: ContainerSignalInput): AlertSignal[] => {
    const s = stateOf(e);
    const calm = quiet(e.project);
    switch (e.action) {
      case "die": {
        s.unhealthySince = null;
        if (calm) return [];
        s.died = true;
        if (e.exitCode === 0) return [];
        // In a loop the restart-loop alert speaks for every death.
        if (open.has(keyOf("restart_loop", s))) return [];
        return raise("container_died", s, `${s.name} ${exitText(e.exitCode)}.`);
      }
      case "start": {
        const out: AlertSignal[] = [];
        if (s.died && !calm) {
          s.restarts = [...s.restarts.filter((t) => e.time - t < RESTART_WINDOW_MS), e.time];
          if (s.restarts.length >= thresholdOf("restart_loop", settingOf(e.project, "restart_loop")))
            out.push(
              ...raise(
                "restart_loop",
                s,
                `${s.name} restarted ${s.restarts.length} times within ${RESTART_WINDOW_MS / 60_000} minutes.`,
              ),
            );
        }
        s.died = false;
        if (e.healthIntervalMs === null) {
          s.waitingForHealthy = false;
          out.push(...clear("container_died", s, `${s.name} is running again.`));
        } else {
          s.healthIntervalMs = e.healthIntervalMs;
          s.waitingForHealthy = true;
        }
        return out;
      }
      case "health_status: healthy": {
        s.unhealthySince = null;
        s.waitingForHealthy = false;
        return [
          ...clear("container_died", s, `${s.name} is running and healthy again.`),
          ...clear("unhealthy", s, `${s.name} is healthy again.`),
        ];
      }
      case "health_status: unhealthy": {
        if (e.healthIntervalMs !== null) s.healthIntervalMs = e.healthIntervalMs;
        s.unhealthySince ??= e.time;
        return [];
      }
      case "destroy": {
        states.delete(`${e.project}/${e.service}`);
        const detail = calm ? `${s.name} was removed by the panel.` : `${s.name} was removed.`;
        return [
          ...clear("container_died", s, detail),
          ...clear("unhealthy", s, detail),
          ...clear("restart_loop", s, detail),
        ];
      }
    }
  };

  const tick = (now: number): AlertSignal[] =>
    [...states.values()].flatMap((s) => {
      const out: AlertSignal[] = [];
      if (s.unhealthySince !== null && !quiet(s.project)) {
        const intervals = thresholdOf("unhealthy", settingOf(s.project, "unhealthy"));
        const forMs = now - s.unhealthySince;
        if (forMs >= intervals * s.healthIntervalMs)
          out.push(
            ...raise(
              "unhealthy",
              s,
              `${s.name} has been unhealthy for ${Math.round(forMs / 1000)} s (more than ${intervals} health-check intervals of ${s.healthIntervalMs / 1000} s).`,
            ),
          );
      }
      const last = s.restarts.at(-1);
      if (last !== undefined && now - last >= RESTART_WINDOW_MS) {
        s.restarts = [];
        out.push(
          ...clear(
            "restart_loop",
            s,
            `${s.name} has not restarted for ${RESTART_WINDOW_MS / 60_000} minutes.`,
          ),
        );
      }
      return out;
    });

  const resolveProject = (project: string, detail: string): AlertSignal[] => {
    const out: AlertSignal[] = [];
    for (const key of [...open]) {
      const [, , keyProject] = key.split("|");
      if (keyProject !== project) continue;
      open.delete(key);
      out.push({ kind: "resolve", key, detail });
    }
    for (const [id, s] of states) if (s.project === project) states.delete(id);
    return out;
  };

  return {
    observe,
    tick,
    seedOpen: (keys) => {
      for (const key of keys) open.add(key);
    },
    resolveProject,
  };
};
