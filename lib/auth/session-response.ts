// The answer that carries a new session cookie (sign-in and first-admin setup share it).
import { json } from "@/lib/http/respond";
import { sessionTtlSeconds } from "./login";
import { sessionSetCookie } from "./session-cookie";

/** A JSON answer that sets the session cookie; `Secure` behind TLS or when PANEL_COOKIE_SECURE=true. */
export const jsonWithSession = ({
  req,
  cookieValue,
  data,
  status = 200,
}: {
  req: Request;
  cookieValue: string;
  data: unknown;
  status?: number;
}): Response => {
  const secure =
    req.headers.get("x-forwarded-proto") === "https" || process.env.PANEL_COOKIE_SECURE === "true";
  return json(data, {
    status,
    headers: {
      "set-cookie": sessionSetCookie({ value: cookieValue, maxAgeSeconds: sessionTtlSeconds(), secure }),
    },
  });
};
