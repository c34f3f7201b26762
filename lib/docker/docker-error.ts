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
    typeof code === "string" &&
    [
      "ECONNREFUSED",
      "ENOENT",
      "ECONNRESET",
      "EPIPE",
      "ETIMEDOUT",
      // A remote engine's host gone from the network (no route, no ARP answer).
      "EHOSTUNREACH",
      "ENETUNREACH",
      "EHOSTDOWN",
    ].includes(code)
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

/** Whether the engine (or the host) said its disk is full: "no space left on device", ENOSPC. */
export const isNoSpace = (error: unknown): boolean =>
  /no space left on device|ENOSPC/i.test(
    `${errorMessage(error)} ${String((error as { code?: unknown } | null)?.code ?? "")}`,
  );

/** The sentence for the Docker engine's disk being full: what it said, and what frees space. */
export const noSpaceSentence = (error: unknown): string =>
  `the Docker engine's disk is full (${errorMessage(error)
    .replace(/\u001b\[[0-9;]*m/g, "")
    .trim()
    .split("\n")[0]
    ?.slice(
      0,
      200,
    )}). Free space in its data root (docker system df shows what uses it; docker image prune and docker builder prune free it), then try again`;

/**
 * What an Engine error says to a person: the full-disk sentence when the engine's disk is full, the
 * does-not-answer sentence when nothing answered (a socket gone, a host off the network), else its
 * message (the panel's own errors as they are: they are sentences already).
 */
export const engineErrorSentence = (error: unknown): string => {
  if (error instanceof AppError) return error.message;
  if (isNoSpace(error)) return noSpaceSentence(error);
  if (isEngineDown(error))
    return `the Docker engine does not answer (${errorMessage(error)}): check that it runs and that its host is reachable from the panel; once it answers, tear down what the run left`;
  return errorMessage(error);
};
