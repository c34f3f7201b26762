import { describe, expect, it } from "vitest";
import type { SwarmNodeState } from "@/lib/docker/engine-health-facts";
import { createReachabilityTracker } from "./reachability";

const tracker = (threshold = 30, on = true) =>
  createReachabilityTracker({
    environment: null,
    engineName: "the panel's Docker engine",
    thresholdSeconds: () => threshold,
    enabled: () => on,
  });
const node = (id: string, state: string, reachability?: string): SwarmNodeState => ({
  id,
  hostname: `host-${id}`,
  role: reachability ? "manager" : "worker",
  state,
  reachable: state === "ready" && reachability !== "unreachable",
  why: state !== "ready" ? state : "a manager that is unreachable",
});

describe("engine reachability", () => {
  it("opens once the engine has not answered for the threshold, once, and resolves when it answers", () => {
    const t = tracker(30);
    expect(t.observeEngine({ error: "refused", now: 0 })).toEqual([]);
    expect(t.observeEngine({ error: "refused", now: 29_900 })).toEqual([]);
    const opened = t.observeEngine({ error: "refused: nothing listens", now: 30_000 });
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({
      kind: "open",
      rule: "engine_unreachable",
      key: "engine_unreachable|local|-|engine",
      project: null,
      title: "Engine or Swarm node unreachable: the panel's Docker engine",
    });
    expect(opened[0]?.kind === "open" && opened[0].detail).toContain("30 s: refused: nothing listens");
    // Deduplicated while it lasts.
    expect(t.observeEngine({ error: "refused", now: 35_000 })).toEqual([]);
    const resolved = t.observeEngine({ error: null, now: 40_000 });
    expect(resolved).toEqual([
      {
        kind: "resolve",
        key: "engine_unreachable|local|-|engine",
        detail: "the panel's Docker engine answers again after 40 s without an answer.",
      },
    ]);
    expect(t.observeEngine({ error: null, now: 45_000 })).toEqual([]);
  });

  it("starts counting again after an answer: two short outages never add up", () => {
    const t = tracker(10);
    t.observeEngine({ error: "timed out", now: 0 });
    t.observeEngine({ error: null, now: 8_000 });
    expect(t.observeEngine({ error: "timed out", now: 9_000 })).toEqual([]);
    expect(t.observeEngine({ error: "timed out", now: 18_000 })).toEqual([]);
    expect(t.observeEngine({ error: "timed out", now: 19_000 })).toHaveLength(1);
  });

  it("opens nothing while the rule is off, and still resolves an alert left open", () => {
    const t = tracker(1, false);
    expect(t.observeEngine({ error: "refused", now: 0 })).toEqual([]);
    expect(t.observeEngine({ error: "refused", now: 5_000 })).toEqual([]);
    t.seedOpen(["engine_unreachable|local|-|engine", "container_died|local|p|web"]);
    expect(t.observeEngine({ error: null, now: 6_000 })).toEqual([
      expect.objectContaining({ kind: "resolve", key: "engine_unreachable|local|-|engine" }),
    ]);
  });

  it("opens per Swarm node down or unreachable that long, resolves when ready or gone", () => {
    const t = tracker(30);
    expect(t.observeNodes({ nodes: [node("a", "ready"), node("b", "down")], now: 0 })).toEqual([]);
    const opened = t.observeNodes({
      nodes: [node("a", "ready"), node("b", "down"), node("c", "ready", "unreachable")],
      now: 30_000,
    });
    expect(opened.map((s) => s.key)).toEqual(["engine_unreachable|local|-|node:b"]);
    expect(opened[0]?.kind === "open" && opened[0].detail).toContain("Swarm node host-b (worker)");
    const later = t.observeNodes({
      nodes: [node("a", "ready"), node("b", "ready"), node("c", "ready", "unreachable")],
      now: 61_000,
    });
    expect(later.map((s) => [s.kind, s.key])).toEqual([
      ["resolve", "engine_unreachable|local|-|node:b"],
      ["open", "engine_unreachable|local|-|node:c"],
    ]);
    expect(later[1]?.kind === "open" && later[1].detail).toContain("a manager that is unreachable");
    // The engine left the swarm: its nodes' alerts resolve.
    expect(t.observeNodes({ nodes: null, now: 70_000 }).map((s) => [s.kind, s.key])).toEqual([
      ["resolve", "engine_unreachable|local|-|node:c"],
    ]);
  });
});
