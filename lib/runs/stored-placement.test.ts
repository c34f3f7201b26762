import { describe, expect, it } from "vitest";
import { storedPlacement } from "./stored-placement";

describe("a Swarm run's stored placement", () => {
  it("groups the tasks by node", () => {
    const settings = {
      target: "swarm",
      placement: {
        redis: [{ node: "w1", state: "running", since: "2026-11-29T23:00:00Z", task: "t1" }],
        postgres: [{ node: "mgr", state: "running", since: "2026-11-29T23:00:01Z", task: "t2" }],
        worker: [
          { node: "w1", state: "running", since: "2026-11-29T23:00:02Z", task: "t3" },
          { node: "mgr", state: "running", since: "2026-11-29T23:00:03Z", task: "t4" },
        ],
      },
    };
    expect(storedPlacement(settings)).toEqual([
      {
        node: "mgr",
        tasks: [
          { service: "postgres", state: "running", since: "2026-11-29T23:00:01Z" },
          { service: "worker", state: "running", since: "2026-11-29T23:00:03Z" },
        ],
      },
      {
        node: "w1",
        tasks: [
          { service: "redis", state: "running", since: "2026-11-29T23:00:00Z" },
          { service: "worker", state: "running", since: "2026-11-29T23:00:02Z" },
        ],
      },
    ]);
  });

  it("is null for a run on one engine or a malformed placement", () => {
    expect(storedPlacement({ strategy: "dag" })).toBeNull();
    expect(storedPlacement({ placement: { redis: [{ node: 1 }] } })).toBeNull();
  });
});
