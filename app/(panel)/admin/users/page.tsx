import { NewUserForm } from "@/components/admin/new-user-form";
import { UserRowActions } from "@/components/admin/user-row-actions";
import { requirePageRole } from "@/lib/auth/page";
import { listUsers } from "@/lib/db/users";

export const dynamic = "force-dynamic";

const UsersPage = async () => {
  await requirePageRole("admin");
  const users = await listUsers();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Users</h1>
      <p className="text-sm text-zinc-500">
        admin: everything · operator: deploy, tear down, scale, view · viewer: read-only
      </p>
      <NewUserForm />
      <table className="w-full text-left text-sm">
        <thead className="text-zinc-500">
          <tr>
            <th className="py-2">User</th>
            <th>Role</th>
            <th>State</th>
            <th>2FA</th>
            <th>Created</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id} className="border-t border-zinc-200 dark:border-zinc-800">
              <td className="py-2">{user.username}</td>
              <td>{user.role}</td>
              <td>{user.disabled ? "disabled" : "active"}</td>
              <td>{user.totpEnabledAt ? "on" : "off"}</td>
              <td>{user.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC</td>
              <td>
                <UserRowActions id={user.id} role={user.role} disabled={user.disabled} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};

export default UsersPage;
