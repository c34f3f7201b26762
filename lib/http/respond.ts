import { type AppErrorCode, isAppError } from "@/lib/errors";

const STATUS: Record<AppErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  too_many_requests: 429,
  engine_unreachable: 503,
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
    { status: STATUS[code], headers },
  );

/** Turns anything thrown into the error envelope; unexpected errors are logged, not leaked. */
const ENGINE_DOWN = new Set(["ENOENT", "ECONNREFUSED", "EACCES", "ECONNRESET"]);

export const errorFromThrown = (error: unknown): Response => {
  if (isAppError(error))
    return errorResponse({ code: error.code, message: error.message, details: error.details });
  // A socket that does not answer is the engine being down, not a panel bug: say what to do.
  const { code, syscall, address } = (error ?? {}) as { code?: string; syscall?: string; address?: string };
  if (syscall === "connect" && code && ENGINE_DOWN.has(code))
    return errorResponse({
      code: "engine_unreachable",
      message: `The Docker engine does not answer at ${address ?? "its socket"} (${code}): start it, or point DOCKER_HOST at a running engine.`,
    });
  console.error("[api] unexpected error", error);
  return errorResponse({
    code: "internal",
    message: "Something went wrong on the server; the panel log has the details.",
  });
};
