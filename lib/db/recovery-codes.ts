import { getPrisma } from "./client";

/** Replaces a user's recovery codes with new ones (hashes only). */
export const replaceRecoveryCodes = ({ userId, codeHashes }: { userId: string; codeHashes: string[] }) =>
  getPrisma().$transaction([
    getPrisma().recoveryCode.deleteMany({ where: { userId } }),
    getPrisma().recoveryCode.createMany({ data: codeHashes.map((codeHash) => ({ userId, codeHash })) }),
  ]);

/** Spends an unused code; true when one matched (an update, so two racing uses cannot both pass). */
export const spendRecoveryCode = async ({
  userId,
  codeHash,
}: {
  userId: string;
  codeHash: string;
}): Promise<boolean> => {
  const result = await getPrisma().recoveryCode.updateMany({
    where: { userId, codeHash, usedAt: null },
    data: { usedAt: new Date() },
  });
  return result.count === 1;
};

/** How many unused codes a user has left. */
export const countRecoveryCodes = (userId: string): Promise<number> =>
  getPrisma().recoveryCode.count({ where: { userId, usedAt: null } });

/** Stores (or clears) a user's TOTP secrets: `pending` during enrolment, `secret` once confirmed. */
export const writeTotp = ({
  userId,
  pending,
  secret,
  enabledAt,
}: {
  userId: string;
  pending?: string | null;
  secret?: string | null;
  enabledAt?: Date | null;
}) =>
  getPrisma().user.update({
    where: { id: userId },
    data: { totpPending: pending, totpSecret: secret, totpEnabledAt: enabledAt },
    select: { id: true },
  });

/** Turns 2FA off for a user: secrets and recovery codes gone. */
export const clearTotp = (userId: string) =>
  getPrisma().$transaction([
    getPrisma().user.update({
      where: { id: userId },
      data: { totpPending: null, totpSecret: null, totpEnabledAt: null },
      select: { id: true },
    }),
    getPrisma().recoveryCode.deleteMany({ where: { userId } }),
  ]);
