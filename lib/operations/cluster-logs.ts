// One log view per cluster (docs/HISTORY.md): every service's output in a time range, interleaved
// by the Engine's timestamps, redacted with the project's secrets like the followed per-service
// view, filtered by service, stream and text or regex.
import vm from "node:vm";
import { findProjectContainers } from "@/lib/docker/project-objects";
import { readTimedLogs, type LogLine } from "@/lib/docker/logs";
import { AppError } from "@/lib/errors";
import { redactorForProject } from "@/lib/secrets/run-redactors";

/** The streams a line may come from (one definition: the API's enum and the view's filter). */
export const LOG_STREAMS = ["stdout", "stderr"] as const satisfies readonly LogLine["stream"][];

/** The longest text or regex a search may be; a regex runs on at most LOG_MATCH_CHARS of a line. */
export const LOG_QUERY_MAX_CHARS = 200;
const LOG_MATCH_CHARS = 4096;

export type ClusterLogLine = LogLine & { t: number; service: string; container: string };

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

export type ClusterLogsOptions = LogQuery & {
  project: string;
  /** Only these services (all when empty). */
  services?: string[];
  stream?: LogLine["stream"];
  sinceMs: number;
  untilMs?: number;
  /** The newest this many lines of the merged view. */
  limit: number;
};

export type ClusterLogs = { lines: ClusterLogLine[]; services: string[]; truncated: boolean };

/** Every container's lines of a project in the range, filtered, oldest first, the newest `limit` kept. */
export const clusterLogs = async (options: ClusterLogsOptions): Promise<ClusterLogs> => {
  const { project, services = [], stream, sinceMs, untilMs, limit } = options;
  const matches = compileLogQuery(options);
  // The panel's own containers only: a viewer reads what the panel deployed, never another
  // Compose project that happens to carry the same name (its secrets are not the panel's to redact).
  const containers = await findProjectContainers({ project, managedOnly: true });
  const wanted = containers.filter((c) => services.length === 0 || services.includes(c.service));
  const redact = redactorForProject(project);
  const reads = await Promise.all(
    wanted.map(async (c) => ({ c, read: await readTimedLogs({ id: c.id, sinceMs, untilMs, tail: limit }) })),
  );
  // Each container's newest `limit` lines of the range are read: a container with that many had
  // older lines in the range the search never saw, so the answer says it is cut.
  const cutByTail = reads.some(({ read }) => read.length >= limit);
  const candidates = reads.flatMap(({ c, read }) =>
    read.flatMap((l) =>
      stream && l.stream !== stream
        ? []
        : [{ ...l, line: redact.text(l.line), service: c.service, container: c.name }],
    ),
  );
  const found = matches(candidates.map((l) => l.line));
  // Stable by time, then by service: lines of one instant keep their container's order.
  const merged = candidates
    .filter((_, i) => found[i])
    .sort((a, b) => a.t - b.t || a.service.localeCompare(b.service));
  return {
    lines: merged.slice(-limit),
    services: [...new Set(containers.map((c) => c.service))].sort(),
    truncated: merged.length > limit || cutByTail,
  };
};
