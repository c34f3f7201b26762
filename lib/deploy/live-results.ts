// The RunResult of every run in flight in this process, as the orchestrator fills it in, so the
// recorder can store phase and service timings while the run goes on (any module graph).
import { globalSingleton } from "@/lib/global-singleton";
import type { RunResult } from "./types";

const results = (): Map<string, RunResult> => globalSingleton("deploy-live-results", () => new Map());

/** Makes a run's result readable while it runs; returns the function that forgets it. */
export const trackRunResult = (result: RunResult): (() => void) => {
  results().set(result.runId, result);
  return () => {
    results().delete(result.runId);
  };
};

/** The result of a run in flight here (mutated as it goes: read, do not keep), if any. */
export const liveRunResult = (runId: string): RunResult | undefined => results().get(runId);
