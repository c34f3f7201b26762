import { describe, expect, it } from "vitest";
import { boundRatio, measuredCriticalPath, type PathTiming } from "./measured-critical-path";

const t = (
  service: string,
  createdAtMs: number,
  readyAtMs: number,
  runningAtMs = createdAtMs + 10,
): PathTiming => ({
  service,
  createdAtMs,
  runningAtMs,
  readyAtMs,
});

describe("measuredCriticalPath", () => {
  it("walks back from the last ready service through the dependency that was ready last (dag)", () => {
    const path = measuredCriticalPath({
      steps: [
        { service: "postgres", after: [] },
        { service: "redis", after: [] },
        {
          service: "node-1",
          after: [
            { service: "postgres", until: "ready" },
            { service: "redis", until: "ready" },
          ],
        },
        { service: "lb", after: [{ service: "node-1", until: "started" }] },
      ],
      timings: [
        t("postgres", 100, 3_000),
        t("redis", 100, 1_000),
        t("node-1", 3_050, 5_000),
        t("lb", 3_100, 5_500),
      ],
    });
    expect(path?.links.map((l) => [l.service, l.waitedFor, l.ownMs])).toEqual([
      ["postgres", null, 2_900],
      ["node-1", "postgres", 1_950],
      ["lb", "node-1", 2_400],
    ]);
    expect(path?.links[2]?.releasedAtMs).toBe(3_060);
    // node-1 adds only create → started (10 ms): the load balancer waited for it to start.
    expect(path?.links.map((l) => l.contributesMs)).toEqual([2_900, 10, 2_400]);
    expect(path?.boundMs).toBe(5_310);
    expect(path?.lastReadyAtMs).toBe(5_500);
  });

  it("follows the previous service in sequential order", () => {
    const path = measuredCriticalPath({
      steps: [
        { service: "a", after: [] },
        { service: "b", after: [{ service: "a", until: "ready" }] },
        { service: "c", after: [{ service: "b", until: "ready" }] },
      ],
      timings: [t("a", 10, 1_010), t("b", 1_020, 2_020), t("c", 2_030, 3_030)],
    });
    expect(path?.links.map((l) => l.service)).toEqual(["a", "b", "c"]);
    expect(path?.boundMs).toBe(3_000);
    expect(boundRatio({ totalMs: 3_300, boundMs: path?.boundMs ?? 0 })).toBe(1.1);
  });

  it("is null when a service never became ready", () => {
    expect(
      measuredCriticalPath({
        steps: [{ service: "a", after: [] }],
        timings: [{ service: "a", createdAtMs: 5, runningAtMs: null, readyAtMs: null }],
      }),
    ).toBeNull();
    expect(boundRatio({ totalMs: null, boundMs: 5 })).toBeNull();
  });
});
