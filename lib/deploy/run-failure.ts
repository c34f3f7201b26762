// How a run stops early: a service failed, preparation failed, or someone cancelled it.
import { engineErrorSentence } from "@/lib/docker/docker-error";
import { AppError, isAppError } from "@/lib/errors";
import type { RunError } from "./types";

export type RunFailureDetails = { reason: "service_failed" | "cancelled"; runError: RunError };

/** The error a failing service raises; the run turns it into its RunError. */
export const serviceFailure = (runError: RunError): AppError =>
  new AppError("internal", runError.message, {
    reason: "service_failed",
    runError,
  } satisfies RunFailureDetails);

/** The abort reason of a cancelled run. */
export const cancelledFailure = ({ by }: { by: string | null }): AppError =>
  new AppError("conflict", `The run was cancelled${by ? ` by ${by}` : ""}.`, {
    reason: "cancelled",
    runError: {
      message: `The run was cancelled${by ? ` by ${by}` : ""}.`,
      service: null,
      logTail: [],
      healthOutput: null,
    },
  } satisfies RunFailureDetails);

const detailsOf = (error: unknown): RunFailureDetails | null => {
  if (!isAppError(error)) return null;
  const details = error.details as Partial<RunFailureDetails> | undefined;
  return details?.reason && details.runError ? (details as RunFailureDetails) : null;
};

/** Whether an error already is a service failure or a cancel (carries its RunError). */
export const isRunFailure = (error: unknown): boolean => detailsOf(error) !== null;

/** Whether an error is the cancel of a run. */
export const isCancel = (error: unknown): boolean => detailsOf(error)?.reason === "cancelled";

/** The RunError of anything thrown inside a run. */
export const toRunError = (error: unknown): RunError =>
  detailsOf(error)?.runError ?? {
    message: engineErrorSentence(error),
    service: null,
    logTail: [],
    healthOutput: null,
  };

/** The abort reason of a run stopped after ready: it keeps its verdict, Docker's confirmation not awaited. */
export const confirmationNotAwaited = ({ by }: { by: string | null }): AppError =>
  new AppError(
    "conflict",
    `Docker's confirmation of the health checks was not awaited: stopped${by ? ` by ${by}` : ""} after ready.`,
    { reason: "confirmation_not_awaited" },
  );
