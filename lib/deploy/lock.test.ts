import type Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { getDocker, withEngine, type EngineScope } from "@/lib/docker/client";
import { acquireProjectLock, projectLockHolder } from "./lock";

const scope = (environmentId: string): EngineScope => ({
  environmentId,
  environmentName: environmentId,
  docker: { tag: environmentId } as unknown as Docker,
  onThisHost: false,
});

describe("the deploy lock, per engine", () => {
  it("lets one project run on two engines at once, never twice on one", () => {
    const releaseA = withEngine(scope("env-a"), () =>
      acquireProjectLock({ project: "p", runId: "r1", kind: "deploy" }),
    );
    const releaseB = withEngine(scope("env-b"), () =>
      acquireProjectLock({ project: "p", runId: "r2", kind: "deploy" }),
    );
    expect(() =>
      withEngine(scope("env-a"), () => acquireProjectLock({ project: "p", runId: "r3", kind: "deploy" })),
    ).toThrow(/already running \(run r1/);
    expect(projectLockHolder({ project: "p" })).toBeUndefined(); // the local engine's lock is free
    // Released outside any scope: the release remembers its engine.
    releaseA();
    expect(withEngine(scope("env-a"), () => projectLockHolder({ project: "p" }))).toBeUndefined();
    expect(withEngine(scope("env-b"), () => projectLockHolder({ project: "p" }))?.runId).toBe("r2");
    releaseB();
  });

  it("answers the scope's client to everything started inside it, across awaits and timers", async () => {
    const seen = await withEngine(scope("env-c"), async () => {
      await new Promise((done) => setTimeout(done, 5));
      return new Promise((done) =>
        setTimeout(() => done((getDocker() as unknown as { tag: string }).tag), 5),
      );
    });
    expect(seen).toBe("env-c");
    expect((getDocker() as unknown as { tag?: string }).tag).toBeUndefined();
  });
});
