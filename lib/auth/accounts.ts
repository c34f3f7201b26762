// User management rules shared by the API: the last admin can be neither removed nor demoted.
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/db/audit";
import {
  countActiveAdmins,
  createUser,
  deleteUser,
  findUser,
  findUserForLogin,
  updateUser,
  type UserRecord,
} from "@/lib/db/users";
import { hashPassword, passwordProblem } from "./password";
import { closeConnections } from "./connection-registry";
import type { Actor } from "./principal";
import type { Role } from "./roles";

const guardLastAdmin = async (id: string, change: { role?: Role; disabled?: boolean; remove?: boolean }) => {
  const target = await findUser(id);
  if (!target) throw new AppError("not_found", "No such user.");
  const losesAdmin =
    target.role === "admin" &&
    !target.disabled &&
    (change.remove || change.disabled || (change.role && change.role !== "admin"));
  if (losesAdmin && (await countActiveAdmins()) <= 1)
    throw new AppError("conflict", "This is the last admin: make another user admin first.");
  return target;
};

/** Checks the password, stores the user with its hash and records who created it. */
export const createUserAudited = async ({
  actor,
  address,
  username,
  password,
  role,
  detail,
}: {
  actor: string;
  address: string | null;
  username: string;
  password: string;
  role: Role;
  detail: Record<string, unknown>;
}): Promise<UserRecord> => {
  const problem = passwordProblem({ password, username });
  if (problem) throw new AppError("bad_request", problem);
  if (await findUserForLogin(username))
    throw new AppError("conflict", `The username "${username}" is taken (names are the same in any case).`);
  const user = await createUser({ username, passwordHash: await hashPassword(password), role });
  await recordAudit({ actor, action: "user.create", target: username, address, detail });
  return user;
};

/** Creates a user (admin only at the route). */
export const addUser = async ({
  principal,
  address,
  username,
  password,
  role,
}: Actor & { username: string; password: string; role: Role }): Promise<UserRecord> => {
  return createUserAudited({
    actor: principal.username,
    address,
    username,
    password,
    role,
    detail: { role },
  });
};

/**
 * Changes a user's role, enabled state or password. Any of them signs the user out everywhere
 * (sockets included); a new password also revokes their API tokens (`tokensRevoked` says how many).
 */
export const changeUser = async ({
  principal,
  address,
  id,
  role,
  disabled,
  password,
}: Actor & { id: string; role?: Role; disabled?: boolean; password?: string }): Promise<
  UserRecord & { tokensRevoked: number }
> => {
  const target = await guardLastAdmin(id, { role, disabled });
  const problem = password === undefined ? null : passwordProblem({ password, username: target.username });
  if (problem) throw new AppError("bad_request", problem);
  const user = await updateUser({
    id,
    role,
    disabled,
    passwordHash: password === undefined ? undefined : await hashPassword(password),
  });
  await recordAudit({
    actor: principal.username,
    action: "user.update",
    target: target.username,
    address,
    detail: { role, disabled, passwordChanged: password !== undefined, tokensRevoked: user.tokensRevoked },
  });
  if (role !== undefined || disabled || password !== undefined) closeConnections({ userId: id });
  return user;
};

/** Deletes a user. */
export const removeUser = async ({ principal, address, id }: Actor & { id: string }): Promise<void> => {
  const target = await guardLastAdmin(id, { remove: true });
  await deleteUser(id);
  closeConnections({ userId: id });
  await recordAudit({ actor: principal.username, action: "user.delete", target: target.username, address });
};
