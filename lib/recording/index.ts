/**
 * Recording runs: the one module that turns deploy-bus events and stats into stored runs. Started
 * once by server.ts; writes only through lib/db's query functions.
 */
import { globalSingleton } from "@/lib/global-singleton";
import { currentOwnerId } from "./owner";
import { startRunJournal, type RunJournal } from "./run-journal";
import { startEffectiveFileRecorder } from "./effective-file";
import { startRunSummaryRecorder } from "./run-summary";

export { currentOwnerId, ownerAlive } from "./owner";
export { rememberDeployedTopology } from "./effective-file";
export type { RunJournal } from "./run-journal";
export { reconcileAtBoot } from "./reconcile";
export { recordedEnvironments, startStatsHistory, stopStatsHistory } from "./stats-history";
export type { ReconcileReport } from "./reconcile";

export type StartRecordingOptions = {
  /** Applied to every stored result and event (the panel passes its per-run secret redactor). */
  redact?: (runId: string) => <T>(value: T) => T;
  /** Also collect stats and write summaries (off in tests that only need the rows). */
  summaries?: boolean;
};

/** Starts recording (once per process: a second call returns the running journal). */
export const startRecording = ({
  redact = () => (value) => value,
  summaries = true,
}: StartRecordingOptions = {}): RunJournal =>
  globalSingleton("recording", () => {
    const journal = startRunJournal({
      ownerId: currentOwnerId(),
      redact,
      onError: (error, runId) => console.error(`could not store run ${runId} (will retry):`, error),
    });
    if (summaries) startRunSummaryRecorder({ journal });
    startEffectiveFileRecorder({ journal });
    return journal;
  });
