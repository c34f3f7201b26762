import { sessionTtlSeconds } from "@/lib/auth/login";
import { sessionSetCookie } from "@/lib/auth/session-cookie";

/** Set-Cookie for a new session: Secure behind TLS (forwarded) or when PANEL_COOKIE_SECURE is set. */
export const newSessionCookieHeader = (req: Request, cookieValue: string): string =>
  sessionSetCookie({
    value: cookieValue,
    maxAgeSeconds: sessionTtlSeconds(),
    secure: req.headers.get("x-forwarded-proto") === "https" || process.env.PANEL_COOKIE_SECURE === "true",
  });
