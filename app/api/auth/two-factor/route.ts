import { z } from "zod";
import { completeTwoFactor } from "@/lib/auth/login";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { newSessionCookieHeader } from "@/lib/http/session-cookie-header";

const ZCode = z.object({ challenge: z.string().min(1).max(200), code: z.string().min(6).max(32) });

/** The sign-in's second step: the challenge from /api/auth/login and a TOTP or recovery code. */
export const POST = route({ access: "public", body: ZCode }, async ({ req, body, address }) => {
  const result = await completeTwoFactor({ ...body, address });
  return json(
    { username: result.username, role: result.role },
    { headers: { "set-cookie": newSessionCookieHeader(req, result.cookieValue) } },
  );
});
