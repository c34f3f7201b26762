// One log view per cluster (docs/HISTORY.md): every service's output in a time range, interleaved
// by the Engine's timestamps, redacted with the project's secrets like the followed per-service
// view, filtered by service, stream and text or regex.
import { findProjectContainers } from "@/lib/docker/project-objects";
import { readTimedLogs, type LogLine } from "@/lib/docker/logs";
import { compileLogQuery, type LogQuery } from "@/lib/log-query";
import { redactorForProject } from "@/lib/secrets/run-redactors";

export type ClusterLogLine = LogLine & { t: number; service: string; container: string };

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
