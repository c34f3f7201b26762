// Two-factor sign-in for one account: enrol (seed shown once, confirmed with a code), recovery
// codes (shown once, stored hashed), turn off; each step needs the account's password again and
// failures are throttled (a stolen session alone can neither lock the owner out nor turn 2FA off).
// And the admin setting that makes it required for admins.
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/db/audit";
import {
  clearTotp,
  countRecoveryCodes,
  replaceRecoveryCodes,
  spendRecoveryCode,
  writeTotp,
} from "@/lib/db/recovery-codes";
import { revokeOtherSessions } from "@/lib/db/sessions";
import { readSettings, writeSetting } from "@/lib/db/settings";
import { findUserWithSecrets, listUsers } from "@/lib/db/users";
import { closeConnections } from "./connection-registry";
import type { Actor, Principal } from "./principal";
import { failReauth, reauthenticate, refuseWhenReauthThrottled } from "./reauthenticate";
import {
  acceptTotpCode,
  enrolmentOf,
  hashRecoveryCode,
  newRecoveryCodes,
  newTotpSeed,
  openTotpSeed,
} from "./totp";
import { forgetTwoFactorPolicy } from "./two-factor-policy";

const sessionOnly = (principal: Principal) => {
  if (principal.via !== "session")
    throw new AppError("forbidden", "Two-factor settings need a signed-in browser, not an API token.");
};

const userOf = async (principal: Principal) => {
  const user = await findUserWithSecrets(principal.userId);
  if (!user) throw new AppError("not_found", "Your account no longer exists.");
  return user;
};

/** Whether a code (6-digit TOTP or a recovery code) proves the second factor; spends a recovery code. */
export const proveSecondFactor = async ({
  user,
  code,
}: {
  user: { id: string; totpSecret: string | null };
  code: string;
}): Promise<"totp" | "recovery" | null> => {
  const seed = user.totpSecret ? openTotpSeed(user.totpSecret) : null;
  if (!seed) return null;
  const typed = code.trim();
  if (/^\d{6}$/.test(typed)) return acceptTotpCode({ seed, code: typed, userId: user.id }) ? "totp" : null;
  return (await spendRecoveryCode({ userId: user.id, codeHash: hashRecoveryCode(typed) }))
    ? "recovery"
    : null;
};

export type TwoFactorStatus = { enabled: boolean; recoveryCodesLeft: number; requiredForAdmins: boolean };

/** The caller's 2FA state (never the seed). */
export const twoFactorStatus = async (principal: Principal): Promise<TwoFactorStatus> => {
  const user = await userOf(principal);
  return {
    enabled: user.totpEnabledAt !== null,
    recoveryCodesLeft: user.totpEnabledAt ? await countRecoveryCodes(user.id) : 0,
    requiredForAdmins: (await readSettings()).requireAdminTwoFactor,
  };
};

/** Starts enrolment (needs the password): a new seed, shown in this answer only, waiting for its first code. */
export const startEnrolment = async ({ principal, address, password }: Actor & { password: string }) => {
  sessionOnly(principal);
  const user = await userOf(principal);
  await reauthenticate({ user, address, password, action: "auth.two_factor_enrol" });
  if (user.totpEnabledAt)
    throw new AppError(
      "conflict",
      "Two-factor sign-in is already on; turn it off first to enrol a new device.",
    );
  const { seed, sealed } = newTotpSeed();
  await writeTotp({ userId: user.id, pending: sealed });
  return { secret: seed, ...(await enrolmentOf({ seed, username: user.username })) };
};

/** Confirms enrolment with the password and a code from the app; answers the ten recovery codes (shown once). */
export const confirmEnrolment = async ({
  principal,
  address,
  code,
  password,
}: Actor & { code: string; password: string }) => {
  sessionOnly(principal);
  const user = await userOf(principal);
  const attempt = { user, address, action: "auth.two_factor_on" };
  refuseWhenReauthThrottled(attempt);
  const seed = user.totpPending ? openTotpSeed(user.totpPending) : null;
  if (!seed) throw new AppError("conflict", "No enrolment in progress: start again.");
  await reauthenticate({ ...attempt, password });
  if (!acceptTotpCode({ seed, code: code.trim(), userId: user.id }))
    await failReauth(
      attempt,
      new AppError(
        "bad_request",
        "code: it does not match: check the device's clock and type the newest code.",
        {
          field: "code",
        },
      ),
    );
  const { codes, hashes } = newRecoveryCodes();
  await writeTotp({ userId: user.id, secret: user.totpPending, pending: null, enabledAt: new Date() });
  await replaceRecoveryCodes({ userId: user.id, codeHashes: hashes });
  await revokeOtherSessions({ userId: user.id, keep: principal.sessionId });
  closeConnections({ userId: user.id, keepSessionId: principal.sessionId });
  await recordAudit({ actor: user.username, action: "auth.two_factor_on", address });
  return { recoveryCodes: codes };
};

/** Turns 2FA off; needs the account's password (throttled). */
export const disableTwoFactor = async ({ principal, address, password }: Actor & { password: string }) => {
  sessionOnly(principal);
  const user = await userOf(principal);
  await reauthenticate({ user, address, password, action: "auth.two_factor_off" });
  if (!user.totpEnabledAt) throw new AppError("conflict", "Two-factor sign-in is not on.");
  await clearTotp(user.id);
  await recordAudit({ actor: user.username, action: "auth.two_factor_off", address });
};

/**
 * The admin setting "require 2FA for admins"; only an admin who has 2FA may turn it on. Turning it
 * on makes the admins without 2FA operators: their open sockets and streams close (they reconnect
 * with the lower role).
 */
export const setAdminTwoFactorRequired = async ({
  principal,
  address,
  required,
}: Actor & { required: boolean }) => {
  const user = await userOf(principal);
  if (required && !user.totpEnabledAt)
    throw new AppError(
      "conflict",
      "Turn on two-factor sign-in for your own account first, or you would lose admin rights.",
    );
  await writeSetting({ key: "requireAdminTwoFactor", value: required, by: user.username });
  forgetTwoFactorPolicy();
  if (required)
    for (const admin of await listUsers())
      if (admin.role === "admin" && !admin.totpEnabledAt) closeConnections({ userId: admin.id });
  await recordAudit({
    actor: user.username,
    action: "settings.require_admin_two_factor",
    address,
    detail: { required },
  });
  return { requireAdminTwoFactor: required };
};
