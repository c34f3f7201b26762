// Panel-wide settings an admin changes in the UI, one row per key, value as JSON.
import { z } from "zod";
import { getPrisma } from "./client";

/** Days a finished run keeps its events and stat buckets (null: for ever); its summary stays either way. */
export const ZRunDetailRetentionDays = z
  .number()
  .int("whole days")
  .min(1, "at least 1 day (null keeps run detail for ever)")
  .max(36_500)
  .nullable();

/** Days of resource history kept (docs/HISTORY.md), default 30. */
export const ZStatsHistoryRetentionDays = z
  .number()
  .int("a whole number of days")
  .min(1, "1 day or more")
  .max(365, "365 days at most");

export const ZPanelSettings = z.object({
  requireAdminTwoFactor: z.boolean().default(false),
  runDetailRetentionDays: ZRunDetailRetentionDays.default(null),
  statsHistoryRetentionDays: ZStatsHistoryRetentionDays.default(30),
});
export type TPanelSettings = z.infer<typeof ZPanelSettings>;

/** Every setting, defaults filled in; a row that no longer parses falls back to its default. */
export const readSettings = async (): Promise<TPanelSettings> => {
  const rows = await getPrisma().panelSetting.findMany();
  const raw: Record<string, unknown> = {};
  for (const row of rows) {
    try {
      raw[row.key] = JSON.parse(row.value);
    } catch {
      // a hand-edited row that is not JSON: its default applies
    }
  }
  // Key by key: a row that does not parse falls back alone, never taking the others with it.
  const fields = ZPanelSettings.shape;
  const settings: Record<string, unknown> = {};
  for (const key of Object.keys(fields) as (keyof typeof fields)[]) {
    const parsed = fields[key].safeParse(raw[key]);
    settings[key] = parsed.success ? parsed.data : fields[key].parse(undefined);
  }
  return ZPanelSettings.parse(settings);
};

/** Stores one setting. */
export const writeSetting = async <K extends keyof TPanelSettings>({
  key,
  value,
  by,
}: {
  key: K;
  value: TPanelSettings[K];
  by: string;
}): Promise<void> => {
  const text = JSON.stringify(value);
  await getPrisma().panelSetting.upsert({
    where: { key },
    update: { value: text, updatedBy: by },
    create: { key, value: text, updatedBy: by },
  });
};
