// The run's conditions and clocks as Run columns, and back: JSON columns parsed with zod so a row
// written by an older panel (or by hand) reads as "unknown", never as a cast.
import { z } from "zod";
import type { RunResult } from "@/lib/deploy";

/** Run columns for a result's fit mode, data state, image IDs and three clocks (null when unknown). */
export const conditionColumns = (result: RunResult) => ({
  fitMode: result.conditions?.fitMode ?? null,
  fitChanges: result.conditions ? JSON.stringify(result.conditions.fitChanges) : null,
  dataState: result.conditions?.dataState ?? null,
  dataItems: result.conditions ? JSON.stringify(result.conditions.data) : null,
  imageIds: result.conditions ? JSON.stringify(result.conditions.imageIds) : null,
  preparationMs: result.clocks?.preparationMs ?? null,
  readyMs: result.clocks?.readyMs ?? null,
  dockerHealthyMs: result.clocks?.dockerHealthyMs ?? null,
});

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
