// dockerode rejects with an Error carrying the HTTP status of the Engine API.
import { AppError } from "@/lib/errors";

/** The Engine API status code of a dockerode error, or null for other errors. */
export const dockerStatusCode = (error: unknown): number | null => {
  const code = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof code === "number" ? code : null;
};

/** Whether a dockerode error says the object does not exist. */
export const isNotFound = (error: unknown): boolean => dockerStatusCode(error) === 404;

/** The message of any thrown value, with the Engine's JSON reason when there is one. */
export const errorMessage = (error: unknown): string => {
  const json = (error as { json?: { message?: unknown } } | null)?.json;
  if (json && typeof json.message === "string") return json.message;
  return error instanceof Error ? error.message : String(error);
};

/** Throws the panel's "engine does not answer" error for a failed Engine call (use in `.catch`). */
export const engineUnreachable = (error: unknown): never => {
  throw new AppError(
    "engine_unreachable",
    `The Docker engine does not answer: ${error instanceof Error ? error.message : String(error)}`,
  );
};

/** Whether an Engine call failed because nothing answered (socket gone, connection refused, reset). */
export const isEngineDown = (error: unknown): boolean => {
  if (dockerStatusCode(error) !== null) return false;
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === "string" && ["ECONNREFUSED", "ENOENT", "ECONNRESET", "EPIPE", "ETIMEDOUT"].includes(code)
  );
};

/**
 * Whether a removal may succeed when tried again: nothing answered, or the engine failed inside
 * (5xx, e.g. "failed to update store" while it shuts down). 4xx answers are verdicts.
 */
export const isEngineTrouble = (error: unknown): boolean => {
  const status = dockerStatusCode(error);
  return isEngineDown(error) || (status !== null && status >= 500);
};
