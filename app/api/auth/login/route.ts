import { z } from "zod";
import { sessionSetCookie } from "@/lib/auth/session-cookie";
import { sessionTtlSeconds, signIn } from "@/lib/auth/login";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";

const ZLogin = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });

/** Signs in and sets the session cookie. */
export const POST = route({ access: "public", body: ZLogin }, async ({ req, body, address }) => {
  const { cookieValue, role } = await signIn({ ...body, address });
  const secure =
    req.headers.get("x-forwarded-proto") === "https" || process.env.PANEL_COOKIE_SECURE === "true";
  return json(
    { username: body.username, role },
    {
      headers: {
        "set-cookie": sessionSetCookie({ value: cookieValue, maxAgeSeconds: sessionTtlSeconds(), secure }),
      },
    },
  );
});
