import { randomUUID } from "node:crypto";
import { databaseLocation, writeFailureReason } from "@/lib/db/write-health";
import {
  dockerStatusCode,
  errorMessage,
  isEngineDown,
  isNoSpace,
  noSpaceSentence,
} from "@/lib/docker/docker-error";
import { AppError, type AppErrorCode, isAppError } from "@/lib/errors";

/** The HTTP status of each error code (the OpenAPI document reads it too). */
export const STATUS_OF_CODE: Record<AppErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  too_many_requests: 429,
  engine_unreachable: 503,
  engine_error: 502,
  database_unavailable: 503,
  insufficient_storage: 507,
  internal: 500,
};

/** A success answer: `{ ok: true, data }`. */
export const json = <T>(data: T, init?: ResponseInit): Response => Response.json({ ok: true, data }, init);

/** An error answer in the one envelope every route uses: `{ ok: false, error: { code, message } }`. */
export const errorResponse = ({
  code,
  message,
  details,
  headers,
}: {
  code: AppErrorCode;
  message: string;
  details?: unknown;
  headers?: HeadersInit;
}): Response =>
  Response.json(
    { ok: false, error: { code, message, ...(details === undefined ? {} : { details }) } },
    { status: STATUS_OF_CODE[code], headers },
  );

const ENGINE_DOWN = new Set(["ENOENT", "ECONNREFUSED", "EACCES", "ECONNRESET"]);

/** Whether a thrown value came from the database (Prisma, its driver adapter, SQLite, PostgreSQL). */
const isDatabaseError = (error: unknown): boolean => {
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
  return (
    (typeof name === "string" && /^(PrismaClient|DriverAdapterError|SqliteError)/.test(name)) ||
    (typeof code === "string" && /^(SQLITE_|P\d{4}$)/.test(code))
  );
};

/** The first line of a thrown value's message, short enough for a sentence. */
const firstLine = (error: unknown): string =>
  (
    errorMessage(error)
      .split("\n")
      .find((line) => line.trim()) ?? ""
  )
    .trim()
    .slice(0, 200);

/**
 * The one mapping from anything thrown to a stated AppError: the panel's own errors as they are;
 * the database full, read-only or gone (507 / 503); the engine's disk full (507), the engine not
 * answering (503) or refusing (502); anything else "internal" with the request, the error's kind and
 * a reference to the panel log (never "something went wrong"). `what` names the request ("POST /api/deploy").
 */
export const appErrorOf = (error: unknown, what = "The request"): AppError => {
  if (isAppError(error)) return error;
  if (isDatabaseError(error)) {
    const reason = writeFailureReason(error);
    const where = `the panel's database ${databaseLocation()}`;
    if (reason === "disk full")
      return new AppError(
        "insufficient_storage",
        `${what} failed: ${where} is full (the disk has no space left). Free space there, then try again.`,
      );
    return new AppError(
      "database_unavailable",
      `${what} failed: ${where} cannot be written or read (${reason}). Fix that, then try again.`,
    );
  }
  if (isNoSpace(error))
    return new AppError("insufficient_storage", `${what} failed: ${noSpaceSentence(error)}.`);
  const message = firstLine(error);
  // A socket that does not answer is the engine being down, not a panel bug: say what to do.
  const { code, syscall, address } = (error ?? {}) as { code?: string; syscall?: string; address?: string };
  if ((syscall === "connect" && code && ENGINE_DOWN.has(code)) || isEngineDown(error))
    return new AppError(
      "engine_unreachable",
      `The Docker engine does not answer at ${address ?? "its socket"} (${code}): start it, or point DOCKER_HOST at a running engine.`,
    );
  const status = dockerStatusCode(error);
  if (status !== null)
    return new AppError("engine_error", `${what} failed: the Docker engine answered ${status}: ${message}`);
  const ref = randomUUID().slice(0, 8);
  console.error(`[api] unexpected error (ref ${ref}) in ${what}`, error);
  const kind = error instanceof Error ? error.name : typeof error;
  return new AppError(
    "internal",
    `${what} failed on an unexpected ${kind} (ref ${ref}); nothing more was done after it. The panel log has the details under that ref.`,
  );
};

/** Turns anything thrown into the error envelope (appErrorOf); unexpected errors are logged, not leaked. */
export const errorFromThrown = (error: unknown, what?: string): Response => {
  const mapped = appErrorOf(error, what);
  return errorResponse({ code: mapped.code, message: mapped.message, details: mapped.details });
};
