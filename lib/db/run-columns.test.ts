import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  deployOverridesKey,
  enumColumn,
  eventPayload,
  jsonColumn,
  latencyTestOf,
  ZRunError,
  ZRunStatus,
} from "./run-columns";

describe("jsonColumn", () => {
  it("parses a column written by the panel", () => {
    const error = { message: "db failed", service: "db", logTail: ["x"], healthOutput: null };
    expect(jsonColumn(ZRunError, JSON.stringify(error))).toEqual(error);
  });
  it("reads absent, broken and foreign JSON as not recorded, never as a cast", () => {
    expect(jsonColumn(ZRunError, null)).toBeNull();
    expect(jsonColumn(ZRunError, "{not json")).toBeNull();
    expect(jsonColumn(ZRunError, JSON.stringify({ message: 3 }))).toBeNull();
    expect(jsonColumn(z.array(z.string()), JSON.stringify(["a", 1]))).toBeNull();
  });
});

describe("eventPayload", () => {
  it("reads a stored event as it was emitted, and a payload that is not JSON as not recorded", () => {
    const event = { type: "log", runId: "r", t: 3, line: "ready" };
    expect(eventPayload(JSON.stringify(event))).toEqual(event);
    expect(eventPayload("ready")).toBeNull();
  });
});

describe("enumColumn", () => {
  it("keeps a known value and falls back for one this panel does not know", () => {
    expect(enumColumn(ZRunStatus, "healthy", "interrupted")).toBe("healthy");
    expect(enumColumn(ZRunStatus, "exploded", "interrupted")).toBe("interrupted");
  });
});

describe("latencyTestOf", () => {
  const target = {
    target: "load-balancer",
    via: "load-balancer",
    url: "http://127.0.0.1:1/",
    requests: 10,
    errors: 0,
    elapsedMs: 100,
    requestsPerSecond: 100,
    p50Ms: 1,
    p95Ms: 2,
    p99Ms: 3,
    maxMs: 4,
    meanMs: 1.5,
    shares: [{ node: "n1", served: 10, sharePct: 100, weight: null, weightSharePct: null }],
  };
  it("reads the report a latency test stored in its settings", () => {
    const report = { requests: 10, concurrency: 1, durationS: 0, targets: [target] };
    expect(latencyTestOf({ latencyTest: report })).toEqual(report);
  });
  it("is null without a report or with a malformed one", () => {
    expect(latencyTestOf({})).toBeNull();
    expect(
      latencyTestOf({ latencyTest: { requests: 10, targets: [{ ...target, via: "carrier pigeon" }] } }),
    ).toBeNull();
  });
});

describe("deployOverridesKey", () => {
  it("reads absent and empty choices alike, in any key order", () => {
    const none = deployOverridesKey({});
    expect(deployOverridesKey({ tuning: {}, health: {}, probe: null })).toBe(none);
    expect(
      deployOverridesKey({ limits: { app: { memoryBytes: 2 ** 30, cpus: 1 } }, tuning: { B: "2", A: "1" } }),
    ).toBe(
      deployOverridesKey({ tuning: { A: "1", B: "2" }, limits: { app: { cpus: 1, memoryBytes: 2 ** 30 } } }),
    );
  });

  it("tells apart each kind of choice, and an explicit probe from the default", () => {
    const keys = [
      {},
      { tuning: { PIPELINE_DEPTH: "8" } },
      { health: { intervalS: 1 } },
      { limits: { app: { cpus: 0.5 } } },
      { limits: { app: { cpus: null } } },
      { probe: "exec" },
    ].map(deployOverridesKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("reads a settings field of the wrong shape as absent", () => {
    expect(deployOverridesKey({ tuning: "fast", limits: [1] })).toBe(deployOverridesKey({}));
  });
});
