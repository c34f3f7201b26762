// Panel-wide settings an admin changes in the UI, one row per key, value as JSON.
import { z } from "zod";
import { getPrisma } from "./client";

export const ZPanelSettings = z.object({ requireAdminTwoFactor: z.boolean().default(false) });
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
  const parsed = ZPanelSettings.safeParse(raw);
  return parsed.success ? parsed.data : ZPanelSettings.parse({});
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
