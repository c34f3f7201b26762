"use client";
import { useState, type FormEvent } from "react";
import { useHydrated } from "@/components/shell/use-hydrated";
import { callApi } from "./api";
import { ErrorText } from "@/components/ui/alert";

type SignInAnswer = { twoFactor?: true; challenge?: string };

const INPUT =
  "w-full rounded border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900";
const BUTTON =
  "w-full rounded bg-zinc-900 px-3 py-2 text-sm font-medium text-white disabled:opacity-50 dark:bg-zinc-100 dark:text-zinc-900";

/**
 * Username + password form posting to `endpoint` (which answers with a session cookie), then on to
 * `next`; shows the API's message on failure. When the account has two-factor sign-in, a second
 * step asks for the code (no session exists before it).
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
  const [challenge, setChallenge] = useState<string | null>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    const answer = await callApi<SignInAnswer>(endpoint, {
      body: { username: String(form.get("username")), password: String(form.get("password")) },
    });
    if (answer.ok && answer.data.twoFactor && answer.data.challenge) {
      setBusy(false);
      setError(null);
      setChallenge(answer.data.challenge);
      return;
    }
    // Signed in: the button keeps saying so until the next page replaces this one.
    if (answer.ok) return window.location.assign(next);
    setBusy(false);
    setError(answer.error.message);
  };

  const submitCode = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    const answer = await callApi("/api/auth/two-factor", {
      body: { challenge, code: String(form.get("code")).trim() },
    });
    if (answer.ok) return window.location.assign(next);
    setBusy(false);
    setError(answer.error.message);
  };

  const alert = <ErrorText error={error} />;
  if (challenge)
    return (
      <form method="post" onSubmit={submitCode} className="space-y-3" aria-label="Two-factor code">
        <label className="block text-sm">
          Code from your authenticator app (or a recovery code)
          <input
            name="code"
            autoComplete="one-time-code"
            inputMode="text"
            required
            autoFocus
            className={INPUT}
          />
        </label>
        {alert}
        <button type="submit" disabled={busy || !hydrated} className={BUTTON}>
          {busy ? "…" : "Verify"}
        </button>
      </form>
    );
  return (
    <form method="post" onSubmit={submit} className="space-y-3">
      <label className="block text-sm">
        Username
        <input name="username" autoComplete="username" required className={INPUT} />
      </label>
      <label className="block text-sm">
        Password
        <input name="password" type="password" autoComplete="current-password" required className={INPUT} />
      </label>
      {alert}
      <button type="submit" disabled={busy || !hydrated} className={BUTTON}>
        {busy ? busyLabel : submitLabel}
      </button>
    </form>
  );
};
