"use client";
import { useState, type FormEvent } from "react";
import { useHydrated } from "@/components/shell/use-hydrated";
import { callApi } from "./api";

/**
 * Username + password form posting to `endpoint` (which answers with a session cookie), then on to
 * `next`; shows the API's message on failure.
 */
export const CredentialsForm = ({
  endpoint,
  submitLabel,
  busyLabel,
  next,
}: {
  endpoint: string;
  submitLabel: string;
  busyLabel: string;
  next: string;
}) => {
  const [error, setError] = useState<string | null>(null);
  const hydrated = useHydrated();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    const answer = await callApi(endpoint, {
      body: { username: String(form.get("username")), password: String(form.get("password")) },
    });
    // Signed in: the button keeps saying so until the next page replaces this one.
    if (answer.ok) return window.location.assign(next);
    setBusy(false);
    setError(answer.error.message);
  };

  const input =
    "w-full rounded border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900";
  return (
    <form method="post" onSubmit={submit} className="space-y-3">
      <label className="block text-sm">
        Username
        <input name="username" autoComplete="username" required className={input} />
      </label>
      <label className="block text-sm">
        Password
        <input name="password" type="password" autoComplete="current-password" required className={input} />
      </label>
      {error && (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
      <button
        type="submit"
        disabled={busy || !hydrated}
        className="w-full rounded bg-zinc-900 px-3 py-2 text-sm font-medium text-white disabled:opacity-50 dark:bg-zinc-100 dark:text-zinc-900"
      >
        {busy ? busyLabel : submitLabel}
      </button>
    </form>
  );
};
