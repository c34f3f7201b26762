// Sign-in, sign-out and first-admin setup. Messages never reveal whether an account exists.
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/db/audit";
import { createSession, revokeSession } from "@/lib/db/sessions";
import { countUsers, findUserForLogin } from "@/lib/db/users";
import { hashPassword, verifyPassword } from "./password";
import { sessionSecret } from "./secret";
import { newSessionId, signSessionId } from "./session-cookie";
import { getLoginThrottle } from "./throttle";
import { createUserAudited } from "./users-service";

export const sessionTtlSeconds = (): number => Math.round(Number(process.env.SESSION_TTL_HOURS ?? 12) * 3600);

// Verifying against a fixed hash for unknown users keeps the timing of both answers alike.
let dummyHash: Promise<string> | null = null;
const INVALID = "Invalid username or password.";

type Credentials = { username: string; password: string; address: string | null };

/** Checks the credentials and opens a session; returns the signed cookie value. */
export const signIn = async ({
  username,
  password,
  address,
}: Credentials): Promise<{ cookieValue: string; role: string }> => {
  const key = { account: username, address: address ?? "unknown" };
  const throttle = getLoginThrottle();
  const waitMs = throttle.retryAfterMs(key);
  if (waitMs > 0) {
    await recordAudit({
      actor: username,
      action: "auth.sign_in",
      address,
      ok: false,
      detail: { reason: "throttled" },
    });
    throw new AppError(
      "too_many_requests",
      `Too many failed sign-ins. Try again in ${Math.ceil(waitMs / 60_000)} minute(s).`,
      { retryAfterSeconds: Math.ceil(waitMs / 1000) },
    );
  }
  const user = await findUserForLogin(username);
  dummyHash ??= hashPassword("not-a-real-password");
  const ok = await verifyPassword({ password, hash: user?.passwordHash ?? (await dummyHash) });
  if (!user || !ok || user.disabled) {
    throttle.recordFailure(key);
    await recordAudit({ actor: username, action: "auth.sign_in", address, ok: false });
    throw new AppError("unauthorized", INVALID);
  }
  throttle.recordSuccess(key);
  return { cookieValue: await openSession({ user, address }), role: user.role };
};

/** Opens a session for a user whose password was just verified (or set); returns the cookie value. */
const openSession = async ({
  user,
  address,
}: {
  user: { id: string; username: string };
  address: string | null;
}): Promise<string> => {
  const id = newSessionId();
  await createSession({ id, userId: user.id, expiresAt: new Date(Date.now() + sessionTtlSeconds() * 1000) });
  await recordAudit({ actor: user.username, action: "auth.sign_in", address });
  return signSessionId({ id, secret: sessionSecret() });
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
  return { cookieValue: await openSession({ user, address: credentials.address }) };
};

/** Unattended setup: with no users and PANEL_ADMIN_PASSWORD set, creates the admin at boot. */
export const ensureBootAdmin = async (): Promise<string | null> => {
  const password = process.env.PANEL_ADMIN_PASSWORD;
  if (!password || (await countUsers()) > 0) return null;
  const username = process.env.PANEL_ADMIN_USERNAME ?? "admin";
  await createFirstAdmin({ username, password, address: null });
  return username;
};
