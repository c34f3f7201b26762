// Re-authentication for changes a stolen session must not make alone (two-factor enrol, confirm,
// turn off): the account's password, with failures — a wrong password or a wrong code — counted
// per account and per address like sign-ins, and refused past the limit (429).
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/db/audit";
import { globalSingleton } from "@/lib/global-singleton";
import { verifyPassword } from "./password";
import { createLoginThrottle, type LoginThrottle } from "./throttle";

/** Its own memory: re-authentication failures do not lock the account's sign-in, nor the reverse. */
export const getReauthThrottle = (): LoginThrottle =>
  globalSingleton("reauth-throttle", () => createLoginThrottle());

/** The password field of a re-authenticated request. */
export const ZReauthPassword = z.string().min(1, "your account's password").max(256);

export type ReauthAttempt = {
  user: { id: string; username: string; passwordHash: string };
  address: string | null;
  /** The audit action the attempt belongs to (`auth.two_factor_on`, …). */
  action: string;
};

const keyOf = ({ user, address }: Pick<ReauthAttempt, "user" | "address">) => ({
  account: user.id,
  address: address ?? "unknown",
});

/** Refuses with 429 while the account or address is over the limit of failed attempts. */
export const refuseWhenReauthThrottled = (attempt: Pick<ReauthAttempt, "user" | "address">): void => {
  const waitMs = getReauthThrottle().retryAfterMs(keyOf(attempt));
  if (waitMs > 0)
    throw new AppError(
      "too_many_requests",
      `Too many failed attempts. Try again in ${Math.ceil(waitMs / 60_000)} minute(s).`,
      { retryAfterSeconds: Math.ceil(waitMs / 1000) },
    );
};

/** Counts a failed attempt (wrong password or code), audits it and throws `error`. */
export const failReauth = async (attempt: ReauthAttempt, error: AppError): Promise<never> => {
  getReauthThrottle().recordFailure(keyOf(attempt));
  await recordAudit({
    actor: attempt.user.username,
    action: attempt.action,
    address: attempt.address,
    ok: false,
    detail: { reason: error.message },
  });
  throw error;
};

/** Checks the password (throttled); throws 403 naming the field when it is wrong or missing. */
export const reauthenticate = async (attempt: ReauthAttempt & { password: string | undefined }) => {
  refuseWhenReauthThrottled(attempt);
  const ok =
    attempt.password !== undefined &&
    (await verifyPassword({ password: attempt.password, hash: attempt.user.passwordHash }));
  if (!ok)
    await failReauth(
      attempt,
      new AppError("forbidden", "password: that is not your account's password (type it again).", {
        field: "password",
      }),
    );
};
