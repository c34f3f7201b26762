// Which live run a dashboard shows. A project name is not unique across engines: the same topology
// can run on the panel's own engine and on an added environment at once, so a dashboard takes only
// the runs of its own environment.
import type { RunSnapshot } from "@/lib/deploy/run-state";

export type LatestRunOptions = {
  runs: Record<string, RunSnapshot>;
  project: string;
  /** The dashboard's environment as runs store it: an Environment id, null for the panel's own. */
  environmentId: string | null;
};

/** The newest run of `project` on `environmentId` among `runs`; null when there is none. */
export const latestRunOf = ({ runs, project, environmentId }: LatestRunOptions): RunSnapshot | null =>
  Object.values(runs)
    .filter((r) => r.project === project && r.environmentId === environmentId)
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0] ?? null;
