// API tokens: shown once at creation, stored as sha256, never above their owner's role.
import { randomBytes } from "node:crypto";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/db/audit";
import { createToken, revokeToken, type TokenRecord } from "@/lib/db/tokens";
import { closeConnections } from "./connection-registry";
import { hashToken, type Principal } from "./principal";
import { formatTokenScope, type TokenScope } from "./token-scope";
import { hasRole, type Role } from "./roles";

/** Creates a token for the caller; returns the secret once together with its record. */
export const issueToken = async ({
  principal,
  address,
  name,
  role,
  scope = null,
}: {
  principal: Principal;
  address: string | null;
  name: string;
  role: Role;
  scope?: TokenScope | null;
}): Promise<{ token: string; record: TokenRecord }> => {
  if (!hasRole({ actual: principal.role, needed: role }))
    throw new AppError("forbidden", `You cannot create a ${role} token as ${principal.role}.`);
  if (principal.scope) throw new AppError("forbidden", "A scoped token cannot create tokens.");
  if (scope && !hasRole({ actual: role, needed: "operator" }))
    throw new AppError(
      "bad_request",
      "A deploy-only token needs the operator or admin role (deploying is an operator action).",
    );
  const token = `omx_${randomBytes(32).toString("base64url")}`;
  const record = await createToken({
    userId: principal.userId,
    name,
    prefix: token.slice(0, 8),
    tokenHash: hashToken(token),
    role,
    scope: scope ? formatTokenScope(scope) : null,
  });
  await recordAudit({
    actor: principal.username,
    action: "token.create",
    target: name,
    address,
    detail: { role, prefix: record.prefix, scope: record.scope },
  });
  return { token, record };
};

/** Revokes a token: one's own, or anyone's for admins. */
export const withdrawToken = async ({
  principal,
  address,
  id,
}: {
  principal: Principal;
  address: string | null;
  id: string;
}): Promise<void> => {
  const revoked = await revokeToken({ id, ownerId: principal.role === "admin" ? null : principal.userId });
  if (!revoked) throw new AppError("not_found", "No such live token of yours.");
  closeConnections({ tokenId: id });
  await recordAudit({ actor: principal.username, action: "token.revoke", target: id, address });
};
