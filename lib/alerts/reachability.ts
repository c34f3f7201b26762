// The engine_unreachable rule as a state machine (no I/O, no timers: the watch feeds it each ping's
// outcome and, while the engine answers, its Swarm nodes): open once the engine, or a node it
// manages, has been unreachable for N seconds in a row; resolve when it answers (is ready) again.
import type { SwarmNodeState } from "@/lib/docker/engine-health-facts";
import { ruleTitle } from "./rules";
import { alertKey, type AlertSignal } from "./signals";

export type ReachabilityOptions = {
  environment: string | null;
  /** The engine's name for people ("the panel's engine", an environment's name). */
  engineName: string;
  /** The rule's threshold now (seconds; the engine-wide setting). */
  thresholdSeconds: () => number;
  /** Whether the rule may open an alert now (a resolve is always sent). */
  enabled: () => boolean;
};

export type ReachabilityTracker = {
  /** One ping's outcome: `error` is why it failed (null when the engine answered). */
  observeEngine: (reading: { error: string | null; now: number }) => AlertSignal[];
  /** The manager's nodes (null: the engine is no Swarm manager). */
  observeNodes: (reading: { nodes: SwarmNodeState[] | null; now: number }) => AlertSignal[];
  /** Keys already open (stored before a panel restart), so their resolve is sent. */
  seedOpen: (keys: string[]) => void;
};

const ENGINE_SUBJECT = "engine";
const nodeSubject = (node: { id: string }) => `node:${node.id}`;
const seconds = (ms: number) => Math.round(ms / 100) / 10;

/** A tracker for one engine. */
export const createReachabilityTracker = ({
  environment,
  engineName,
  thresholdSeconds,
  enabled,
}: ReachabilityOptions): ReachabilityTracker => {
  const keyOf = (subject: string) =>
    alertKey({ rule: "engine_unreachable", environment, project: null, subject });
  const engineKey = keyOf(ENGINE_SUBJECT);
  /** Since when each subject has been unreachable (absent: reachable). */
  const downSince = new Map<string, number>();
  const open = new Set<string>();

  const openSignal = (key: string, title: string, detail: string): AlertSignal[] => {
    if (open.has(key) || !enabled()) return [];
    open.add(key);
    return [
      {
        kind: "open",
        key,
        rule: "engine_unreachable",
        project: null,
        service: null,
        environment,
        runId: null,
        title: `${ruleTitle("engine_unreachable")}: ${title}`,
        detail,
      },
    ];
  };
  const resolveSignal = (key: string, detail: string): AlertSignal[] => {
    if (!open.delete(key)) return [];
    return [{ kind: "resolve", key, detail }];
  };
  /** Records a subject down at `now`; answers for how long it has been (ms). */
  const downFor = (subject: string, now: number): number => {
    const since = downSince.get(subject) ?? now;
    downSince.set(subject, since);
    return now - since;
  };

  return {
    observeEngine: ({ error, now }) => {
      if (error === null) {
        const since = downSince.get(ENGINE_SUBJECT);
        downSince.delete(ENGINE_SUBJECT);
        const gone = since === undefined ? "" : ` after ${seconds(now - since)} s without an answer`;
        return resolveSignal(engineKey, `${engineName} answers again${gone}.`);
      }
      const ms = downFor(ENGINE_SUBJECT, now);
      if (ms < thresholdSeconds() * 1000) return [];
      return openSignal(
        engineKey,
        engineName,
        `${engineName} has not answered for ${seconds(ms)} s: ${error}. Its containers may still run; ` +
          "the panel cannot deploy, tear down or watch them until it answers.",
      );
    },
    observeNodes: ({ nodes, now }) => {
      const signals: AlertSignal[] = [];
      const present = new Set((nodes ?? []).map(nodeSubject));
      for (const node of nodes ?? []) {
        const subject = nodeSubject(node);
        const key = keyOf(subject);
        if (node.reachable) {
          downSince.delete(subject);
          signals.push(...resolveSignal(key, `Swarm node ${node.hostname} is ${node.state} again.`));
          continue;
        }
        const ms = downFor(subject, now);
        if (ms >= thresholdSeconds() * 1000)
          signals.push(
            ...openSignal(
              key,
              `Swarm node ${node.hostname}`,
              `Swarm node ${node.hostname} (${node.role}) of ${engineName} has been ${node.why} for ${seconds(ms)} s: ` +
                "its tasks are rescheduled on other nodes or wait for it.",
            ),
          );
      }
      // A node that left the swarm (or a swarm that is gone) owes its resolve.
      for (const key of [...open]) {
        const subject = key.split("|")[3] ?? "";
        if (!subject.startsWith("node:") || present.has(subject)) continue;
        downSince.delete(subject);
        signals.push(...resolveSignal(key, "The Swarm node is no longer part of the swarm."));
      }
      return signals;
    },
    seedOpen: (keys) => {
      for (const key of keys) if (key.startsWith("engine_unreachable|")) open.add(key);
    },
  };
};
