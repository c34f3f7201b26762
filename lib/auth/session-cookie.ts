// The session cookie is `<sessionId>.<HMAC-SHA256(sessionId)>`: unforgeable without JWT_SECRET,
// and revocable because the id must also name a live row in the Session table.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { parse as parseCookie, serialize as serializeCookie } from "cookie";

export const SESSION_COOKIE = "omx_session";

const mac = (id: string, secret: string): string =>
  createHmac("sha256", secret).update(id).digest("base64url");

/** A new random session id. */
export const newSessionId = (): string => randomBytes(24).toString("base64url");

/** The cookie value for a session id. */
export const signSessionId = ({ id, secret }: { id: string; secret: string }): string =>
  `${id}.${mac(id, secret)}`;

/** The session id inside a cookie value, or null if the signature does not match. */
export const verifySessionCookie = ({ value, secret }: { value: string; secret: string }): string | null => {
  const dot = value.lastIndexOf(".");
  if (dot <= 0) return null;
  const id = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(mac(id, secret));
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
};

/**
 * Reads one cookie from a Cookie header. Parsing is the `cookie` package's: a malformed header or
 * value (bad percent-encoding, no `=`) yields null or the raw text, never a throw, so a stale bad
 * cookie makes its owner anonymous instead of locking them out with 500s.
 */
export const readCookie = (header: string | null | undefined, name: string): string | null => {
  if (!header) return null;
  try {
    return parseCookie(header)[name] ?? null;
  } catch {
    return null;
  }
};

/** Set-Cookie for a session: httpOnly, SameSite=Strict, Secure when served over TLS. */
export const sessionSetCookie = ({
  value,
  maxAgeSeconds,
  secure,
}: {
  value: string;
  maxAgeSeconds: number;
  secure: boolean;
}): string =>
  serializeCookie(SESSION_COOKIE, value, {
    path: "/",
    httpOnly: true,
    sameSite: "strict",
    maxAge: maxAgeSeconds,
    secure,
  });
