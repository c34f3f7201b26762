// What the History and Logs pages of a topology lay out (docs/HISTORY.md): the topology picked
// (the first one by default), the others to switch to, and the admin's history retention.
import { listPanelTopologies } from "@/lib/catalog/topologies";
import { readSettings } from "@/lib/db/settings";

export type HistoryPageModel = { entries: string[]; name: string | null; retentionDays: number };

/** The topology named in the page's query (or the first one) and the retention in days. */
export const loadHistoryPage = async ({ name }: { name?: string }): Promise<HistoryPageModel> => {
  const entries = listPanelTopologies()
    .map((t) => t.name)
    .sort((a, b) => a.localeCompare(b));
  const chosen = name !== undefined && entries.includes(name) ? name : (entries[0] ?? null);
  return { entries, name: chosen, retentionDays: (await readSettings()).statsHistoryRetentionDays };
};
