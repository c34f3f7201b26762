// The admin's resource-history retention (docs/HISTORY.md): stored as a panel setting, audited.
import { recordAudit } from "@/lib/db/audit";
import { writeSetting } from "@/lib/db/settings";

/** Sets how many days of resource history are kept (the next maintenance pass deletes what is older). */
export const setHistoryRetentionDays = async ({
  username,
  address,
  days,
}: {
  username: string;
  address: string | null;
  days: number;
}): Promise<{ statsHistoryRetentionDays: number }> => {
  await writeSetting({ key: "statsHistoryRetentionDays", value: days, by: username });
  await recordAudit({
    actor: username,
    action: "settings.stats_history_retention",
    address,
    detail: { days },
  });
  return { statsHistoryRetentionDays: days };
};
