// The session cookie is `<sessionId>.<HMAC-SHA256(sessionId)>`: unforgeable without JWT_SECRET,
// and revocable because the id must also name a live row in the Session table.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

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

/** Reads one cookie from a Cookie header. */
export const readCookie = (header: string | null | undefined, name: string): string | null => {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
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
  [
    `${SESSION_COOKIE}=${encodeURIComponent(value)}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Strict",
    `Max-Age=${maxAgeSeconds}`,
    ...(secure ? ["Secure"] : []),
  ].join("; ");
