import { z } from "zod";
import { disableTwoFactor, twoFactorStatus } from "@/lib/auth/two-factor";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";

const ZDisable = z
  .object({ code: z.string().min(6).max(32).optional(), password: z.string().min(1).max(256).optional() })
  .refine((b) => b.code !== undefined || b.password !== undefined, "give a current code or your password");

/** The caller's two-factor state (never the seed). */
export const GET = route({ access: "viewer" }, async ({ principal }) =>
  json(await twoFactorStatus(principal)),
);

/** Turns two-factor sign-in off for the caller (needs a current code or the password). */
export const DELETE = route({ access: "viewer", body: ZDisable }, async ({ principal, address, body }) => {
  await disableTwoFactor({ principal, address, ...body });
  return json({ enabled: false });
});
