"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useHydrated } from "@/components/shell/use-hydrated";
import { callApi } from "@/components/auth/api";
import { ROLES } from "@/lib/auth/roles";
import { ErrorText } from "@/components/ui/alert";

type TokenRow = {
  id: string;
  name: string;
  prefix: string;
  role: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  scope: string | null;
};

/** Create (shown once), list and revoke API tokens. */
export const TokensManager = ({ tokens, maxRole }: { tokens: TokenRow[]; maxRole: string }) => {
  const router = useRouter();
  const [secret, setSecret] = useState<string | null>(null);
  const hydrated = useHydrated();
  const [error, setError] = useState<string | null>(null);
  const roles = ROLES.slice(0, (ROLES as readonly string[]).indexOf(maxRole) + 1);

  const create = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const answer = await callApi<{ token: string }>("/api/tokens", {
      body: Object.fromEntries(new FormData(event.currentTarget)),
    });
    if (!answer.ok) return setError(answer.error.message);
    setError(null);
    setSecret(answer.data.token);
    router.refresh();
  };
  const revoke = async (id: string) => {
    const answer = await callApi(`/api/tokens/${id}`, { method: "DELETE" });
    setError(answer.ok ? null : answer.error.message);
    router.refresh();
  };

  return (
    <div className="space-y-4">
      <form method="post" onSubmit={create} className="flex flex-wrap gap-2" aria-label="New token">
        <input
          name="name"
          placeholder="what it is for"
          required
          className="rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        />
        <select
          name="role"
          defaultValue="viewer"
          className="rounded border border-zinc-300 bg-transparent px-2 text-sm dark:border-zinc-700"
        >
          {roles.map((role) => (
            <option key={role} value={role}>
              {role}
            </option>
          ))}
        </select>
        <input
          name="scope"
          placeholder="deploy:<topology> (optional)"
          aria-label="Scope"
          title="Leave empty for everything the role allows; deploy:<topology> limits the token to deploying that topology"
          className="rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        />
        <button
          type="submit"
          disabled={!hydrated}
          className="rounded bg-zinc-900 px-3 py-1 text-sm text-white disabled:opacity-50 dark:bg-zinc-100 dark:text-zinc-900"
        >
          Create token
        </button>
      </form>
      {secret && (
        <p className="rounded border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-700 dark:bg-amber-950">
          Copy it now, it is shown only once:{" "}
          <code data-testid="new-token" className="break-all">
            {secret}
          </code>
        </p>
      )}
      <ErrorText error={error} />
      <table className="w-full text-left text-sm">
        <thead className="text-zinc-500">
          <tr>
            <th className="py-2">Name</th>
            <th>Starts with</th>
            <th>Role</th>
            <th>Scope</th>
            <th>Created (UTC)</th>
            <th>Last used</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {tokens.map((t) => (
            <tr key={t.id} className="border-t border-zinc-200 dark:border-zinc-800">
              <td className="py-1.5">{t.name}</td>
              <td className="font-mono text-xs">{t.prefix}…</td>
              <td>{t.role}</td>
              <td data-testid="token-scope">{t.scope ?? "everything its role allows"}</td>
              <td>{t.createdAt.slice(0, 16).replace("T", " ")}</td>
              <td>{t.lastUsedAt ? t.lastUsedAt.slice(0, 16).replace("T", " ") : "never"}</td>
              <td>
                {t.revokedAt ? (
                  "revoked"
                ) : (
                  <button
                    type="button"
                    className="text-xs text-red-600 underline"
                    onClick={() => revoke(t.id)}
                  >
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};
