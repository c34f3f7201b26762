// The exit codes scripts can rely on (docs/CLI.md). Every failure the CLI reports carries one.

export const EXIT = {
  /** Done: the request was accepted, and with --wait the run ended as asked (healthy, torn down, cancelled). */
  ok: 0,
  /**
   * The run failed or was cancelled (for `cancel --wait`: it ended any way but cancelled), or the
   * panel could not do what was asked (conflict, server error).
   */
  failed: 1,
  /** Wrong arguments: unknown command or option, missing value, a field the panel refused (400/404). */
  usage: 2,
  /** No token, or the panel refused it (401/403). */
  auth: 3,
  /** The panel did not answer, or what answered is not an OllamaMax panel. */
  unreachable: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error the CLI prints as one message and exits with `exitCode`. */
export class CliError extends Error {
  readonly exitCode: ExitCode;
  constructor(message: string, exitCode: ExitCode) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}

/** Whether something thrown is a CliError (by name: the CLI may be loaded twice by tsx and a test). */
export const isCliError = (error: unknown): error is CliError =>
  error instanceof Error && error.name === "CliError" && typeof (error as CliError).exitCode === "number";
