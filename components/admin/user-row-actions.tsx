"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/components/auth/api";
import { ROLES } from "@/lib/auth/roles";
import { UserPasswordButton } from "./user-password-button";
import { ErrorText } from "@/components/ui/alert";

/** Role change, enable/disable and delete for one user. */
export const UserRowActions = ({ id, role, disabled }: { id: string; role: string; disabled: boolean }) => {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const act = async (method: string, body?: unknown) => {
    const answer = await callApi(`/api/users/${id}`, { method, body });
    setError(answer.ok ? null : answer.error.message);
    if (answer.ok) router.refresh();
  };
  return (
    <div className="flex items-center gap-2">
      <select
        aria-label="Role"
        value={role}
        onChange={(e) => act("PATCH", { role: e.target.value })}
        className="rounded border border-zinc-300 bg-transparent px-1 text-xs dark:border-zinc-700"
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="text-xs underline"
        onClick={() => act("PATCH", { disabled: !disabled })}
      >
        {disabled ? "Enable" : "Disable"}
      </button>
      <UserPasswordButton id={id} />
      <button
        type="button"
        className="text-xs text-red-600 underline"
        onClick={() => confirm("Delete this user?") && act("DELETE")}
      >
        Delete
      </button>
      <ErrorText error={error} as="span" size="text-xs" />
    </div>
  );
};
