import { z } from "zod";
import { signIn } from "@/lib/auth/login";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { newSessionCookieHeader } from "@/lib/http/session-cookie-header";

const ZLogin = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });

/** Signs in and sets the session cookie; with 2FA on, answers a challenge for POST /api/auth/two-factor instead. */
export const POST = route({ access: "public", body: ZLogin }, async ({ req, body, address }) => {
  const result = await signIn({ ...body, address });
  if (result.kind === "two_factor") return json({ twoFactor: true, challenge: result.challenge });
  return json(
    { username: result.username, role: result.role },
    { headers: { "set-cookie": newSessionCookieHeader(req, result.cookieValue) } },
  );
});
