import { getPrisma } from "./client";

/** Stores a new browser session. */
export const createSession = ({ id, userId, expiresAt }: { id: string; userId: string; expiresAt: Date }) =>
  getPrisma().session.create({ data: { id, userId, expiresAt } });

/** The live session's user, or null if the session is unknown, expired, revoked or the user disabled. */
export const findSessionUser = async (id: string) => {
  const session = await getPrisma().session.findUnique({ where: { id }, include: { user: true } });
  if (!session || session.revokedAt || session.expiresAt.getTime() <= Date.now() || session.user.disabled)
    return null;
  return session.user;
};

/** Ends a session (sign out). */
export const revokeSession = (id: string) =>
  getPrisma().session.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });

/** Ends every session of a user but one (2FA turned on or off elsewhere signs the others out). */
export const revokeOtherSessions = ({ userId, keep }: { userId: string; keep: string | null }) =>
  getPrisma().session.updateMany({
    where: { userId, revokedAt: null, ...(keep ? { id: { not: keep } } : {}) },
    data: { revokedAt: new Date() },
  });
