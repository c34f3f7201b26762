"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useHydrated } from "@/components/shell/use-hydrated";
import { callApi } from "@/components/auth/api";
import { ROLES } from "@/lib/auth/roles";
import { ErrorText } from "@/components/ui/alert";

const input =
  "rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";

/** Adds a user with a role. */
export const NewUserForm = () => {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const hydrated = useHydrated();
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const answer = await callApi("/api/users", { body: Object.fromEntries(form) });
    if (!answer.ok) return setError(answer.error.message);
    setError(null);
    formElement.reset();
    router.refresh();
  };
  return (
    <form method="post" onSubmit={submit} className="flex flex-wrap items-end gap-2" aria-label="New user">
      <input name="username" placeholder="username" required className={input} />
      <input
        name="password"
        type="password"
        placeholder="password (10+ characters)"
        required
        className={input}
      />
      <select name="role" defaultValue="viewer" className={input}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      <button
        type="submit"
        disabled={!hydrated}
        className="rounded bg-zinc-900 px-3 py-1 text-sm text-white disabled:opacity-50 dark:bg-zinc-100 dark:text-zinc-900"
      >
        Add user
      </button>
      <ErrorText error={error} />
    </form>
  );
};
