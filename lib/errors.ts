/** Every error code the panel answers with (the API schema and the status table read this list). */
export const APP_ERROR_CODES = [
  "bad_request",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "too_many_requests",
  "payload_too_large",
  "engine_unreachable",
  "engine_error",
  "database_unavailable",
  "insufficient_storage",
  "internal",
] as const;
/** One error type with a code a caller can act on; compared by `code` (module graphs differ). */
export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly details: unknown;
  constructor(code: AppErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }
}

/** Whether a thrown value is an AppError, across module graphs. */
export const isAppError = (error: unknown): error is AppError =>
  typeof error === "object" &&
  error !== null &&
  (error as { name?: string }).name === "AppError" &&
  "code" in error;
