import type { Role } from "@/lib/roles";
import { getPrisma } from "./client";

export type UserRecord = {
  id: string;
  username: string;
  role: string;
  disabled: boolean;
  createdAt: Date;
  totpEnabledAt: Date | null;
};
const PUBLIC_FIELDS = {
  id: true,
  username: true,
  role: true,
  disabled: true,
  createdAt: true,
  totpEnabledAt: true,
} as const;

/** Usernames are unique and matched without regard to case: "Alice" signs in as "alice" too. */
export const usernameKey = (username: string): string => username.toLowerCase();

/** How many users exist (0 means the panel still needs its first admin). */
export const countUsers = (): Promise<number> => getPrisma().user.count();

/** A user with the password hash and 2FA secret, for sign-in only; the name in any case. */
export const findUserForLogin = (username: string) =>
  getPrisma().user.findUnique({ where: { usernameKey: usernameKey(username) } });

/** A user with the password hash and 2FA secret by id, for re-authentication (2FA changes). */
export const findUserWithSecrets = (id: string) => getPrisma().user.findUnique({ where: { id } });

/** One user by id, without the password hash. */
export const findUser = (id: string): Promise<UserRecord | null> =>
  getPrisma().user.findUnique({ where: { id }, select: PUBLIC_FIELDS });

/** Every user, without password hashes. */
export const listUsers = (): Promise<UserRecord[]> =>
  getPrisma().user.findMany({ select: PUBLIC_FIELDS, orderBy: { username: "asc" } });

/** Creates a user from an already hashed password. */
export const createUser = ({
  username,
  passwordHash,
  role,
}: {
  username: string;
  passwordHash: string;
  role: Role;
}): Promise<UserRecord> =>
  getPrisma().user.create({
    data: { username, usernameKey: usernameKey(username), passwordHash, role },
    select: PUBLIC_FIELDS,
  });

/**
 * Changes role, disabled flag or password hash. Disabling, a role change or a new password ends
 * the user's sessions; a new password also revokes their API tokens (a leaked password may have
 * minted them). Answers how many tokens were revoked.
 */
export const updateUser = async ({
  id,
  role,
  disabled,
  passwordHash,
}: {
  id: string;
  role?: Role;
  disabled?: boolean;
  passwordHash?: string;
}): Promise<UserRecord & { tokensRevoked: number }> =>
  getPrisma().$transaction(async (tx) => {
    const user = await tx.user.update({
      where: { id },
      data: { role, disabled, passwordHash },
      select: PUBLIC_FIELDS,
    });
    const now = new Date();
    if (disabled || role || passwordHash)
      await tx.session.updateMany({ where: { userId: id, revokedAt: null }, data: { revokedAt: now } });
    const tokens = passwordHash
      ? await tx.apiToken.updateMany({ where: { userId: id, revokedAt: null }, data: { revokedAt: now } })
      : { count: 0 };
    return { ...user, tokensRevoked: tokens.count };
  });

/** Deletes a user with their sessions and tokens. */
export const deleteUser = (id: string) => getPrisma().user.delete({ where: { id }, select: PUBLIC_FIELDS });

/** How many enabled admins exist (the last one may not be removed or demoted). */
export const countActiveAdmins = (): Promise<number> =>
  getPrisma().user.count({ where: { role: "admin", disabled: false } });

/** When the user dismissed the dashboard's first-visit tour, or null (not yet, or no such user). */
export const tourDismissedAt = async (id: string): Promise<Date | null> =>
  (await getPrisma().user.findUnique({ where: { id }, select: { tourDismissedAt: true } }))
    ?.tourDismissedAt ?? null;

/** Records that the user dismissed the first-visit tour (kept: it is never shown to them again). */
export const dismissTour = async (id: string): Promise<void> => {
  await getPrisma().user.updateMany({
    where: { id, tourDismissedAt: null },
    data: { tourDismissedAt: new Date() },
  });
};
