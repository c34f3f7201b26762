import { z } from "zod";
import { setAdminTwoFactorRequired } from "@/lib/auth/two-factor";
import { readSettings, ZRunDetailRetentionDays, ZStatsHistoryRetentionDays } from "@/lib/db/settings";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { setHistoryRetentionDays } from "@/lib/operations/history-settings";
import { setRunDetailRetention } from "@/lib/operations/run-retention";

const ZSettings = z
  .object({
    requireAdminTwoFactor: z.boolean(),
    runDetailRetentionDays: ZRunDetailRetentionDays,
    statsHistoryRetentionDays: ZStatsHistoryRetentionDays,
  })
  .partial()
  .strict()
  .refine(
    (body) => Object.keys(body).length > 0,
    "name a setting: requireAdminTwoFactor, runDetailRetentionDays or statsHistoryRetentionDays",
  );

/** Panel-wide settings (admin). */
export const GET = route({ access: "admin" }, async () => json(await readSettings()));

/**
 * Changes settings (admin, each audited): `requireAdminTwoFactor`; `runDetailRetentionDays` (whole
 * days a finished run keeps its events and stat buckets, null for ever; pruning starts at once);
 * `statsHistoryRetentionDays` (days of resource history, docs/HISTORY.md).
 */
export const PUT = route({ access: "admin", body: ZSettings }, async ({ principal, address, body }) => {
  const changed: Record<string, unknown> = {};
  if (body.statsHistoryRetentionDays !== undefined)
    Object.assign(
      changed,
      await setHistoryRetentionDays({
        username: principal.username,
        address,
        days: body.statsHistoryRetentionDays,
      }),
    );
  if (body.requireAdminTwoFactor !== undefined)
    Object.assign(
      changed,
      await setAdminTwoFactorRequired({ principal, address, required: body.requireAdminTwoFactor }),
    );
  if (body.runDetailRetentionDays !== undefined)
    Object.assign(
      changed,
      await setRunDetailRetention({ principal, address, days: body.runDetailRetentionDays }),
    );
  return json(changed);
});
