import { NewUserForm } from "@/components/admin/new-user-form";
import { UserRowActions } from "@/components/admin/user-row-actions";
import { requirePageRole } from "@/lib/auth/page";
import { listUsers } from "@/lib/db/users";
import { DataTable, rowClass } from "@/components/ui/data-table";

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
      <DataTable columns={["User", "Role", "State", "2FA", "Created", ""]}>
        {users.map((user) => (
          <tr key={user.id} className={rowClass}>
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
      </DataTable>
    </div>
  );
};

export default UsersPage;
