// What the History and Logs pages of a topology lay out (docs/HISTORY.md): the topology picked
// (the first one by default) and the others to switch to; for the History page also the engine
// picked (the panel's own by default, or an added environment's) and the admin's retention.
import { listPanelTopologies } from "@/lib/catalog/topologies";
import { LOCAL_ENVIRONMENT_ID } from "@/lib/docker/client";
import { listEnvironments } from "@/lib/db/environments";
import { readSettings } from "@/lib/db/settings";

/** The topology row of a topology sub-page: every name, and the one picked. */
export type TopologyChoice = { entries: string[]; name: string | null };

export type HistoryPageModel = TopologyChoice & {
  /** "local" and every added environment's name. */
  environments: string[];
  /** The environment named in the query when there is one of that name, else "local". */
  environment: string;
  retentionDays: number;
};

/** The topology named in the page's query, or the first one (the Logs page's whole model). */
export const topologyChoice = ({ name }: { name?: string }): TopologyChoice => {
  const entries = listPanelTopologies()
    .map((t) => t.name)
    .sort((a, b) => a.localeCompare(b));
  return { entries, name: name !== undefined && entries.includes(name) ? name : (entries[0] ?? null) };
};

/** The topology and environment named in the page's query (or the defaults) and the retention in days. */
export const loadHistoryPage = async ({
  name,
  environment,
}: {
  name?: string;
  environment?: string;
}): Promise<HistoryPageModel> => {
  const environments = [LOCAL_ENVIRONMENT_ID, ...(await listEnvironments()).map((e) => e.name)];
  return {
    ...topologyChoice({ name }),
    environments,
    environment:
      environment !== undefined && environments.includes(environment) ? environment : LOCAL_ENVIRONMENT_ID,
    retentionDays: (await readSettings()).statsHistoryRetentionDays,
  };
};
