import { z } from "zod";
import { disableTwoFactor, twoFactorStatus } from "@/lib/auth/two-factor";
import { ZReauthPassword } from "@/lib/auth/reauthenticate";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";

const ZDisable = z.object({ password: ZReauthPassword });

/** The caller's two-factor state (never the seed). */
export const GET = route({ access: "viewer" }, async ({ principal }) =>
  json(await twoFactorStatus(principal)),
);

/** Turns two-factor sign-in off for the caller (needs the account's password; throttled). */
export const DELETE = route({ access: "viewer", body: ZDisable }, async ({ principal, address, body }) => {
  await disableTwoFactor({ principal, address, ...body });
  return json({ enabled: false });
});
