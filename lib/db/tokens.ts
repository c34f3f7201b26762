import { getPrisma } from "./client";

export type TokenRecord = {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  role: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  scope: string | null;
};
const PUBLIC_FIELDS = {
  id: true,
  userId: true,
  name: true,
  prefix: true,
  role: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
  scope: true,
} as const;

/** Stores a token by its hash. */
export const createToken = (data: {
  userId: string;
  name: string;
  prefix: string;
  tokenHash: string;
  role: string;
  scope: string | null;
}): Promise<TokenRecord> => getPrisma().apiToken.create({ data, select: PUBLIC_FIELDS });

/** Tokens of one user, or of everyone when userId is null; newest first. */
export const listTokens = ({ userId }: { userId: string | null }): Promise<TokenRecord[]> =>
  getPrisma().apiToken.findMany({
    where: userId ? { userId } : {},
    select: PUBLIC_FIELDS,
    orderBy: { createdAt: "desc" },
  });

/**
 * The live token with that hash and its owner, marking it used. The mark is best effort: with the
 * database's disk full or read-only a script still reads /api/health and gets the stated refusal
 * of a run (507), not a failed sign-in.
 */
export const consumeToken = async (tokenHash: string) => {
  const token = await getPrisma().apiToken.findUnique({ where: { tokenHash }, include: { user: true } });
  if (!token || token.revokedAt || token.user.disabled) return null;
  await getPrisma()
    .apiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date() } })
    .catch(() => undefined);
  return token;
};

/** The live token with that id and its owner, without marking it used (sockets re-check this). */
export const findLiveToken = async (id: string) => {
  const token = await getPrisma().apiToken.findUnique({ where: { id }, include: { user: true } });
  return !token || token.revokedAt || token.user.disabled ? null : token;
};

/** Revokes a token; owner-restricted unless ownerId is null (admins). Returns whether one was revoked. */
export const revokeToken = async ({
  id,
  ownerId,
}: {
  id: string;
  ownerId: string | null;
}): Promise<boolean> => {
  const result = await getPrisma().apiToken.updateMany({
    where: { id, revokedAt: null, ...(ownerId ? { userId: ownerId } : {}) },
    data: { revokedAt: new Date() },
  });
  return result.count > 0;
};
