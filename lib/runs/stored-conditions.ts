// A stored run's condition columns read back: JSON parsed with zod so a row written by an older
// panel (or by hand) reads as "not recorded", never as a cast. Pure, shared with the pages.
import { z } from "zod";

export const ZFitChange = z.object({
  service: z.string(),
  field: z.string(),
  written: z.number().nullable(),
  applied: z.number().nullable(),
  why: z.string(),
});
export type TFitChange = z.infer<typeof ZFitChange>;

export const ZDataItem = z.object({
  kind: z.enum(["volume", "folder"]),
  name: z.string(),
  services: z.array(z.string()),
  state: z.enum(["cold", "warm"]),
  detail: z.string(),
});
export type TDataItem = z.infer<typeof ZDataItem>;

const parsed = <T>(schema: z.ZodType<T>, text: string | null): T | null => {
  if (text === null) return null;
  try {
    return schema.safeParse(JSON.parse(text)).data ?? null;
  } catch {
    return null;
  }
};

/** A stored run's fit changes, data items and image IDs (null: not recorded or unreadable). */
export const storedConditions = (run: {
  fitChanges: string | null;
  dataItems: string | null;
  imageIds: string | null;
}) => ({
  fitChanges: parsed(z.array(ZFitChange), run.fitChanges),
  dataItems: parsed(z.array(ZDataItem), run.dataItems),
  imageIds: parsed(z.record(z.string(), z.string().nullable()), run.imageIds),
});
