"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useHydrated } from "@/components/shell/use-hydrated";
import { callApi } from "./api";
import { ErrorText } from "@/components/ui/alert";

type Enrolment = { secret: string; uri: string; qrSvg: string };

const INPUT =
  "rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";
/** The account's password, which every change here asks for again (a session alone is not enough). */
const passwordInput = (
  <input
    name="password"
    type="password"
    aria-label="Your password"
    placeholder="your password"
    autoComplete="current-password"
    required
    className={INPUT}
  />
);
const BUTTON =
  "rounded bg-zinc-900 px-3 py-1 text-sm text-white disabled:opacity-50 dark:bg-zinc-100 dark:text-zinc-900";

/**
 * Enrol (password, then QR code + secret confirmed with a code), see the recovery codes once, or
 * turn 2FA off (password). The password typed to start is kept in memory only until the code step.
 */
export const TwoFactorSettings = ({
  enabled,
  recoveryCodesLeft,
}: {
  enabled: boolean;
  recoveryCodesLeft: number;
}) => {
  const router = useRouter();
  const hydrated = useHydrated();
  const [enrolment, setEnrolment] = useState<(Enrolment & { password: string }) | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const start = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get("password"));
    const answer = await callApi<Enrolment>("/api/two-factor/enrol", { body: { password } });
    if (!answer.ok) return setError(answer.error.message);
    setError(null);
    setEnrolment({ ...answer.data, password });
  };
  const confirm = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code"));
    const answer = await callApi<{ recoveryCodes: string[] }>("/api/two-factor/confirm", {
      body: { code, password: enrolment?.password ?? "" },
    });
    if (!answer.ok) return setError(answer.error.message);
    setError(null);
    setEnrolment(null);
    setRecoveryCodes(answer.data.recoveryCodes);
  };
  const disable = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get("password"));
    const answer = await callApi("/api/two-factor", { method: "DELETE", body: { password } });
    setError(answer.ok ? null : answer.error.message);
    if (answer.ok) router.refresh();
  };

  const alert = <ErrorText error={error} />;
  if (recoveryCodes)
    return (
      <div className="space-y-2 text-sm" data-testid="recovery-codes">
        <p className="font-medium">
          Two-factor sign-in is on. Save these recovery codes now: they are shown only once, and each works
          once.
        </p>
        <ul className="grid grid-cols-2 gap-1 font-mono">
          {recoveryCodes.map((code) => (
            <li key={code}>{code}</li>
          ))}
        </ul>
        <button
          type="button"
          className={BUTTON}
          onClick={() => {
            setRecoveryCodes(null);
            router.refresh();
          }}
        >
          I saved them
        </button>
      </div>
    );
  if (enrolment)
    return (
      <div className="space-y-3 text-sm">
        <p>Scan this with an authenticator app, or type the secret, then enter the code it shows.</p>
        {/* eslint-disable-next-line @next/next/no-img-element -- a data URL the server just generated */}
        <img
          alt="QR code of the otpauth URI"
          width={200}
          height={200}
          src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrolment.qrSvg)}`}
        />
        <p>
          Secret: <code data-testid="totp-secret">{enrolment.secret}</code>
        </p>
        <p className="break-all text-xs text-zinc-500">{enrolment.uri}</p>
        <form method="post" onSubmit={confirm} className="flex gap-2" aria-label="Confirm two-factor">
          <input
            name="code"
            aria-label="Code"
            inputMode="numeric"
            autoComplete="one-time-code"
            required
            className={INPUT}
          />
          <button type="submit" className={BUTTON}>
            Turn on
          </button>
        </form>
        {alert}
      </div>
    );
  if (enabled)
    return (
      <div className="space-y-2 text-sm">
        <p data-testid="two-factor-state">On · {recoveryCodesLeft} recovery code(s) left.</p>
        <form method="post" onSubmit={disable} className="flex gap-2" aria-label="Turn off two-factor">
          {passwordInput}
          <button type="submit" disabled={!hydrated} className={BUTTON}>
            Turn off
          </button>
        </form>
        {alert}
      </div>
    );
  return (
    <div className="space-y-2 text-sm">
      <p data-testid="two-factor-state">
        Off. With it on, signing in also asks for a code from an authenticator app.
      </p>
      <form method="post" onSubmit={start} className="flex gap-2" aria-label="Set up two-factor">
        {passwordInput}
        <button type="submit" disabled={!hydrated} className={BUTTON}>
          Set up two-factor sign-in
        </button>
      </form>
      {alert}
    </div>
  );
};
