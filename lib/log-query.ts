// A log search (the cluster's log view, read or followed): plain text, case-insensitive, or a
// regex that runs with a time budget, so a viewer's pattern can never block the panel.
import vm from "node:vm";
import { AppError } from "./errors";

/** The streams a line may come from (one definition: the API's enum, the socket's and the view's filter). */
export const LOG_STREAMS = ["stdout", "stderr"] as const;
export type LogStream = (typeof LOG_STREAMS)[number];

/** The longest text or regex a search may be; a regex runs on at most LOG_MATCH_CHARS of a line. */
export const LOG_QUERY_MAX_CHARS = 200;
const LOG_MATCH_CHARS = 4096;

export type LogQuery = { q?: string; regex?: boolean };

/**
 * How long one request's regex may run over all its lines. A viewer's regex runs on the server, and
 * one with nested repetition (`(a+)+$`) backtracks for ever on a long line, which would block the
 * panel's event loop; it runs in a V8 context with this timeout instead (V8 interrupts a running
 * regex), and running out of it is a 400 naming `q`.
 */
export const LOG_REGEX_BUDGET_MS = 1_000;

const badQuery = (why: string) =>
  new AppError("bad_request", `Fix these query parameters: q: ${why}`, [{ path: "q", message: why }]);

const MATCH_ALL = new vm.Script("lines.map((line) => pattern.test(line.slice(0, maxChars)))");

/**
 * The search as a test of many lines at once (one flag per line); a regex that does not compile, or
 * that runs past LOG_REGEX_BUDGET_MS on the lines, is a 400 naming `q`.
 */
export const compileLogQuery = ({ q, regex = false }: LogQuery): ((lines: string[]) => boolean[]) => {
  if (!q) return (lines) => lines.map(() => true);
  if (!regex) {
    const needle = q.toLowerCase();
    return (lines) => lines.map((line) => line.toLowerCase().includes(needle));
  }
  let pattern: RegExp;
  try {
    pattern = new RegExp(q, "i");
  } catch (error) {
    throw badQuery(
      `not a valid regular expression (${error instanceof Error ? error.message : String(error)}): fix it or search as plain text`,
    );
  }
  return (lines) => {
    const context = vm.createContext({ pattern, lines, maxChars: LOG_MATCH_CHARS });
    try {
      return MATCH_ALL.runInContext(context, { timeout: LOG_REGEX_BUDGET_MS }) as boolean[];
    } catch (error) {
      if ((error as { code?: string }).code !== "ERR_SCRIPT_EXECUTION_TIMEOUT") throw error;
      throw badQuery(
        `the regular expression ran longer than ${LOG_REGEX_BUDGET_MS / 1000} s on these lines (nested repetition like (a+)+ backtracks): simplify it or search as plain text`,
      );
    }
  };
};
