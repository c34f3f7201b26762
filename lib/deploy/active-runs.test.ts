import { describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { cancelDeploy, markActiveRunReady, registerActiveRun, stopActiveRun } from "./active-runs";
import { acquireProjectLock, projectLockHolder } from "./lock";
import { isCancel } from "./run-failure";
import { createRunContext } from "./run-context";

const context = (runId: string) => createRunContext({ runId, project: `p-${runId}` });

describe("stopping a run at any moment", () => {
  it("cancels a run that is not ready yet", async () => {
    const ctx = context("a1");
    const forget = registerActiveRun(ctx);
    const { cancelled, finished } = cancelDeploy({ runId: "a1", by: "alice" });
    expect(cancelled).toBe(true);
    expect(isCancel(ctx.signal.reason)).toBe(true);
    forget();
    await finished;
  });

  it("after ready, ends only the wait for Docker's confirmation (the verdict stands)", () => {
    const ctx = context("a2");
    const forget = registerActiveRun(ctx);
    markActiveRunReady("a2");
    const { cancelled } = cancelDeploy({ runId: "a2", by: "alice" });
    expect(cancelled).toBe(false);
    expect(ctx.signal.aborted).toBe(true);
    expect(isCancel(ctx.signal.reason)).toBe(false);
    expect(String((ctx.signal.reason as Error).message)).toMatch(/confirmation .* not awaited/);
    forget();
  });

  it("lets a scale-down finish: Cancel refuses it, a teardown waits for its end", async () => {
    const ctx = context("a3");
    const forget = registerActiveRun(ctx, { cancellable: false });
    expect(() => cancelDeploy({ runId: "a3" })).toThrow(/cannot be cancelled/);
    let ended = false;
    const waiting = stopActiveRun({ runId: "a3" }).then(() => (ended = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(ended).toBe(false);
    expect(ctx.signal.aborted).toBe(false);
    forget();
    await waiting;
    expect(ended).toBe(true);
  });

  it("answers not_found for a run not in flight, and stopActiveRun resolves at once", async () => {
    let error: unknown = null;
    try {
      cancelDeploy({ runId: "gone" });
    } catch (thrown) {
      error = thrown;
    }
    expect(isAppError(error) && error.code).toBe("not_found");
    await stopActiveRun({ runId: "gone" });
  });
});

describe("a teardown takes over the lock of the run it stopped", () => {
  it("holds the project from the request on; the stopped run's release frees nothing", () => {
    const releaseDeploy = acquireProjectLock({ project: "take", runId: "d1", kind: "deploy" });
    expect(() => acquireProjectLock({ project: "take", runId: "t0", kind: "teardown" })).toThrow(
      /already running/,
    );
    const releaseTeardown = acquireProjectLock({
      project: "take",
      runId: "t1",
      kind: "teardown",
      takeOverFrom: "d1",
    });
    releaseDeploy();
    expect(projectLockHolder({ project: "take" })).toMatchObject({ runId: "t1", kind: "teardown" });
    expect(() => acquireProjectLock({ project: "take", runId: "d2", kind: "deploy" })).toThrow(
      /teardown .* already running/,
    );
    releaseTeardown();
    expect(projectLockHolder({ project: "take" })).toBeUndefined();
  });
});
