import { describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { acquireExperimentLock, experimentLockHolder } from "./experiment-lock";

describe("the experiment lock, one per engine", () => {
  it("refuses a second experiment on the same engine with a conflict naming the first, not on another", () => {
    const releaseA = acquireExperimentLock({ environment: null, experimentId: "exp-a", name: "first" });
    const releaseB = acquireExperimentLock({
      environment: "env-b",
      experimentId: "exp-b",
      name: "elsewhere",
    });
    let refused: unknown = null;
    try {
      acquireExperimentLock({ environment: null, experimentId: "exp-c", name: "second" });
    } catch (error) {
      refused = error;
    }
    expect(isAppError(refused) && refused.code).toBe("conflict");
    expect((refused as Error).message).toMatch(
      /^Experiment exp-a \("first"\) is running on this engine since .+: one experiment at a time per engine/,
    );
    // The holder may take its own lock again (a resumed experiment), keeping since.
    const since = experimentLockHolder({ environment: null })?.since;
    acquireExperimentLock({ environment: null, experimentId: "exp-a", name: "first" });
    expect(experimentLockHolder({ environment: null })?.since).toBe(since);
    releaseA();
    expect(experimentLockHolder({ environment: null })).toBeUndefined();
    expect(experimentLockHolder({ environment: "env-b" })?.experimentId).toBe("exp-b");
    // A release of a lock someone else took since frees nothing.
    const releaseC = acquireExperimentLock({ environment: null, experimentId: "exp-c", name: "second" });
    releaseA();
    expect(experimentLockHolder({ environment: null })?.experimentId).toBe("exp-c");
    releaseC();
    releaseB();
  });
});
