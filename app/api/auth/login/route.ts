import { z } from "zod";
import { signIn } from "@/lib/auth/login";
import { jsonWithSession } from "@/lib/auth/session-response";
import { route } from "@/lib/http/route";

const ZLogin = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });

/** Signs in and sets the session cookie. */
export const POST = route({ access: "public", body: ZLogin }, async ({ req, body, address }) => {
  const { cookieValue, role } = await signIn({ ...body, address });
  return jsonWithSession({ req, cookieValue, data: { username: body.username, role } });
});
