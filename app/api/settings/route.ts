import { z } from "zod";
import { setAdminTwoFactorRequired } from "@/lib/auth/two-factor";
import { readSettings } from "@/lib/db/settings";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";

const ZSettings = z.object({ requireAdminTwoFactor: z.boolean() });

/** Panel-wide settings (admin). */
export const GET = route({ access: "admin" }, async () => json(await readSettings()));

/** Changes settings (admin, audited): `requireAdminTwoFactor`. */
export const PUT = route({ access: "admin", body: ZSettings }, async ({ principal, address, body }) =>
  json(await setAdminTwoFactorRequired({ principal, address, required: body.requireAdminTwoFactor })),
);
