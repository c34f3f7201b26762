import { z } from "zod";
import { setupFirstAdmin } from "@/lib/auth/login";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { newSessionCookieHeader } from "@/lib/http/session-cookie-header";

const ZSetup = z.object({
  username: z.string().regex(/^[a-zA-Z0-9_.-]{2,64}$/, "2-64 letters, digits, dot, dash or underscore"),
  password: z.string().min(10, "at least 10 characters").max(256),
});

/** Creates the first admin on a new panel and signs them in; refused once any user exists. */
export const POST = route({ access: "public", body: ZSetup }, async ({ req, body, address }) => {
  const { cookieValue } = await setupFirstAdmin({ ...body, address });
  return json(
    { username: body.username, role: "admin" },
    { status: 201, headers: { "set-cookie": newSessionCookieHeader(req, cookieValue) } },
  );
});
