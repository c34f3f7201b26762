// Who is asking: resolved from a session cookie or an `Authorization: Bearer` API token.
import { createHash } from "node:crypto";
import { findSessionUser } from "@/lib/db/sessions";
import { consumeToken } from "@/lib/db/tokens";
import { lowerRole, parseRole, type Role } from "./roles";
import { sessionSecret } from "./secret";
import { readCookie, SESSION_COOKIE, verifySessionCookie } from "./session-cookie";

export type Principal = {
  userId: string;
  username: string;
  role: Role;
  via: "session" | "token";
  sessionId: string | null;
};

/** Who does something, and from where: what every audited operation takes. */
export type Actor = { principal: Principal; address: string | null };

/** sha256 of an API token, the only form in which tokens are stored. */
export const hashToken = (token: string): string => createHash("sha256").update(token).digest("hex");

/** Resolves the principal from request headers; null when anonymous or the credential is invalid. */
export const principalFromHeaders = async ({
  cookie,
  authorization,
}: {
  cookie: string | null | undefined;
  authorization: string | null | undefined;
}): Promise<Principal | null> => {
  const bearer = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer) {
    const token = await consumeToken(hashToken(bearer));
    const tokenRole = token && parseRole(token.role);
    const userRole = token && parseRole(token.user.role);
    if (!token || !tokenRole || !userRole) return null;
    return {
      userId: token.userId,
      username: token.user.username,
      role: lowerRole(tokenRole, userRole),
      via: "token",
      sessionId: null,
    };
  }
  const value = readCookie(cookie, SESSION_COOKIE);
  const sessionId = value && verifySessionCookie({ value, secret: sessionSecret() });
  if (!sessionId) return null;
  const user = await findSessionUser(sessionId);
  const role = user && parseRole(user.role);
  return user && role ? { userId: user.id, username: user.username, role, via: "session", sessionId } : null;
};
