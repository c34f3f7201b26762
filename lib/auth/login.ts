// Sign-in, sign-out and first-admin setup. Messages never reveal whether an account exists.
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/db/audit";
import { createSession, revokeSession } from "@/lib/db/sessions";
import { countUsers, findUserForLogin, findUserWithSecrets } from "@/lib/db/users";
import { closeConnections } from "./connection-registry";
import { hashPassword, verifyPassword } from "./password";
import { sessionSecret } from "./secret";
import { newSessionId, signSessionId } from "./session-cookie";
import { issueChallenge, readChallenge } from "./sign-in-challenge";
import { getLoginThrottle } from "./throttle";
import { proveSecondFactor } from "./two-factor";
import { createUserAudited } from "./accounts";

export const sessionTtlSeconds = (): number => Math.round(Number(process.env.SESSION_TTL_HOURS ?? 12) * 3600);

// Verifying against a fixed hash for unknown users keeps the timing of both answers alike.
let dummyHash: Promise<string> | null = null;
const INVALID = "Invalid username or password.";

type Credentials = { username: string; password: string; address: string | null };

export type SignInResult =
  | { kind: "session"; cookieValue: string; role: string; username: string }
  | { kind: "two_factor"; challenge: string };

/** Refuses (and audits) a caller over the failure limit. */
const refuseWhenThrottled = async (key: { account: string; address: string }, address: string | null) => {
  const waitMs = getLoginThrottle().retryAfterMs(key);
  if (waitMs <= 0) return;
  await recordAudit({
    actor: key.account,
    action: "auth.sign_in",
    address,
    ok: false,
    detail: { reason: "throttled" },
  });
  throw new AppError(
    "too_many_requests",
    `Too many failed sign-ins. Try again in ${Math.ceil(waitMs / 60_000)} minute(s).`,
    {
      retryAfterSeconds: Math.ceil(waitMs / 1000),
    },
  );
};

const openSession = async ({
  user,
  address,
}: {
  user: { id: string; username: string; role: string };
  address: string | null;
}) => {
  const id = newSessionId();
  await createSession({ id, userId: user.id, expiresAt: new Date(Date.now() + sessionTtlSeconds() * 1000) });
  await recordAudit({ actor: user.username, action: "auth.sign_in", address });
  return {
    kind: "session" as const,
    cookieValue: signSessionId({ id, secret: sessionSecret() }),
    role: user.role,
    username: user.username,
  };
};

/**
 * Checks the credentials. Without 2FA it opens a session; with 2FA it answers a challenge for the
 * code step and opens nothing yet. The username matches in any case.
 */
export const signIn = async ({ username, password, address }: Credentials): Promise<SignInResult> => {
  const key = { account: username.toLowerCase(), address: address ?? "unknown" };
  await refuseWhenThrottled(key, address);
  const user = await findUserForLogin(username);
  dummyHash ??= hashPassword("not-a-real-password");
  const ok = await verifyPassword({ password, hash: user?.passwordHash ?? (await dummyHash) });
  if (!user || !ok || user.disabled) {
    getLoginThrottle().recordFailure(key);
    await recordAudit({ actor: username, action: "auth.sign_in", address, ok: false });
    throw new AppError("unauthorized", INVALID);
  }
  if (user.totpEnabledAt) return { kind: "two_factor", challenge: issueChallenge(user.id) };
  getLoginThrottle().recordSuccess(key);
  return openSession({ user, address });
};

/** The code step: a valid challenge and a current TOTP code (or an unused recovery code). */
export const completeTwoFactor = async ({
  challenge,
  code,
  address,
}: {
  challenge: string;
  code: string;
  address: string | null;
}): Promise<SignInResult & { kind: "session" }> => {
  const userId = readChallenge(challenge);
  const user = userId ? await findUserWithSecrets(userId) : null;
  if (!user || user.disabled || !user.totpEnabledAt)
    throw new AppError("unauthorized", "The sign-in expired: enter your username and password again.");
  const key = { account: user.usernameKey, address: address ?? "unknown" };
  await refuseWhenThrottled(key, address);
  const proof = await proveSecondFactor({ user, code });
  if (!proof) {
    getLoginThrottle().recordFailure(key);
    await recordAudit({
      actor: user.username,
      action: "auth.sign_in",
      address,
      ok: false,
      detail: { reason: "second factor" },
    });
    throw new AppError(
      "unauthorized",
      "That code is not valid. Type the newest code from your app, or a recovery code.",
    );
  }
  getLoginThrottle().recordSuccess(key);
  if (proof === "recovery")
    await recordAudit({ actor: user.username, action: "auth.recovery_code_used", address });
  return openSession({ user, address });
};

/** Ends a session. */
export const signOut = async ({
  sessionId,
  username,
  address,
}: {
  sessionId: string;
  username: string;
  address: string | null;
}): Promise<void> => {
  await revokeSession(sessionId);
  closeConnections({ sessionId });
  await recordAudit({ actor: username, action: "auth.sign_out", address });
};

/** Creates the first admin; refused once any user exists. */
const createFirstAdmin = async ({ username, password, address }: Credentials) => {
  if ((await countUsers()) > 0)
    throw new AppError("conflict", "The panel already has users: sign in instead.");
  return createUserAudited({
    actor: username,
    address,
    username,
    password,
    role: "admin",
    detail: { role: "admin", firstAdmin: true },
  });
};

/**
 * First visit: creates the admin and signs them in at once (the one who just chose the password
 * is the one at the keyboard); returns the session cookie value.
 */
export const setupFirstAdmin = async (credentials: Credentials): Promise<{ cookieValue: string }> => {
  const user = await createFirstAdmin(credentials);
  const session = await openSession({ user: { ...user, role: "admin" }, address: credentials.address });
  return { cookieValue: session.cookieValue };
};

/** Unattended setup: with no users and PANEL_ADMIN_PASSWORD set, creates the admin at boot. */
export const ensureBootAdmin = async (): Promise<string | null> => {
  const password = process.env.PANEL_ADMIN_PASSWORD;
  if (!password || (await countUsers()) > 0) return null;
  const username = process.env.PANEL_ADMIN_USERNAME ?? "admin";
  await createFirstAdmin({ username, password, address: null });
  return username;
};
