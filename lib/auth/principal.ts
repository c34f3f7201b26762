// Who is asking: resolved from a session cookie or an `Authorization: Bearer` API token.
import { createHash } from "node:crypto";
import { findSessionUser } from "@/lib/db/sessions";
import { consumeToken, findLiveToken } from "@/lib/db/tokens";
import { lowerRole, parseRole, type Role } from "./roles";
import { sessionSecret } from "./secret";
import { readCookie, SESSION_COOKIE, verifySessionCookie } from "./session-cookie";
import { isKnownScope, parseTokenScope, type TokenScope } from "./token-scope";
import { adminTwoFactorRequired } from "./two-factor-policy";

export type Principal = {
  userId: string;
  username: string;
  role: Role;
  via: "session" | "token";
  sessionId: string | null;
  tokenId: string | null;
  /** A scoped token's limit (null: everything the role allows). */
  scope: TokenScope | null;
  /** An admin acting as operator because "require 2FA for admins" is on and they have none yet. */
  adminNeedsTwoFactor: boolean;
};

/** Who does something, and from where: what every audited operation takes. */
export type Actor = { principal: Principal; address: string | null };

/** sha256 of an API token, the only form in which tokens are stored. */
export const hashToken = (token: string): string => createHash("sha256").update(token).digest("hex");

type UserRow = { id: string; username: string; role: string; totpEnabledAt: Date | null };
type TokenRow = { id: string; role: string; scope: string | null; user: UserRow };

/**
 * A scoped token reads as a viewer wherever its scope is not honoured: its role (operator or
 * admin, which deploying needs) counts only on the routes that accept its scope.
 */
export const withinScope = (principal: Principal, acceptsScope?: TokenScope["kind"]): Principal =>
  principal.scope && principal.scope.kind !== acceptsScope
    ? { ...principal, role: lowerRole(principal.role, "viewer") }
    : principal;

const principalOf = async ({
  user,
  token,
  sessionId,
  acceptsScope,
}: {
  user: UserRow;
  token: TokenRow | null;
  sessionId: string | null;
  acceptsScope?: TokenScope["kind"];
}): Promise<Principal | null> => {
  const userRole = parseRole(user.role);
  const tokenRole = token ? parseRole(token.role) : null;
  if (!userRole || (token && (!tokenRole || !isKnownScope(token.scope)))) return null;
  let role = tokenRole ? lowerRole(tokenRole, userRole) : userRole;
  const adminNeedsTwoFactor = role === "admin" && !user.totpEnabledAt && (await adminTwoFactorRequired());
  if (adminNeedsTwoFactor) role = "operator";
  const principal: Principal = {
    userId: user.id,
    username: user.username,
    role,
    via: token ? "token" : "session",
    sessionId,
    tokenId: token?.id ?? null,
    scope: parseTokenScope(token?.scope),
    adminNeedsTwoFactor,
  };
  return withinScope(principal, acceptsScope);
};

/**
 * Resolves the principal from request headers; null when anonymous or the credential is invalid.
 * A scoped token reads as a viewer unless `acceptsScope` names its scope (see withinScope).
 */
export const principalFromHeaders = async ({
  cookie,
  authorization,
  acceptsScope,
}: {
  cookie: string | null | undefined;
  authorization: string | null | undefined;
  acceptsScope?: TokenScope["kind"];
}): Promise<Principal | null> => {
  const bearer = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer) {
    const token = await consumeToken(hashToken(bearer));
    return token ? principalOf({ user: token.user, token, sessionId: null, acceptsScope }) : null;
  }
  const value = readCookie(cookie, SESSION_COOKIE);
  const sessionId = value && verifySessionCookie({ value, secret: sessionSecret() });
  if (!sessionId) return null;
  const user = await findSessionUser(sessionId);
  return user ? principalOf({ user, token: null, sessionId }) : null;
};

/**
 * The same caller as of now: null once the session was signed out or expired, the token revoked
 * or the user disabled; a changed role shows (a scoped token's as a viewer). Used by long-lived
 * sockets; writes nothing.
 */
export const refreshPrincipal = async (principal: Principal): Promise<Principal | null> => {
  if (principal.tokenId) {
    const token = await findLiveToken(principal.tokenId);
    return token ? principalOf({ user: token.user, token, sessionId: null }) : null;
  }
  if (!principal.sessionId) return null;
  const user = await findSessionUser(principal.sessionId);
  return user ? principalOf({ user, token: null, sessionId: principal.sessionId }) : null;
};
