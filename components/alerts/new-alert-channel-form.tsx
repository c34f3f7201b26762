"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { callApi } from "@/components/auth/api";
import { useHydrated } from "@/components/shell/use-hydrated";
import type { ChannelKind } from "@/lib/alerts/channel-settings";

const input =
  "rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";

type Kind = ChannelKind;

/** Adds an alert channel: a webhook or ntfy URL, or an SMTP server and addresses. */
export const NewAlertChannelForm = () => {
  const router = useRouter();
  const hydrated = useHydrated();
  const [kind, setKind] = useState<Kind>("webhook");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const text = (key: string) => String(form.get(key) ?? "").trim();
    const optional = (key: string) => (text(key) ? { [key]: text(key) } : {});
    const body =
      kind === "email"
        ? {
            kind,
            name: text("name"),
            host: text("host"),
            port: Number(text("port")),
            security: text("security"),
            ...optional("username"),
            ...optional("password"),
            from: text("from"),
            to: text("to")
              .split(",")
              .map((s) => s.trim())
              .filter(Boolean),
          }
        : kind === "ntfy"
          ? { kind, name: text("name"), url: text("url"), ...optional("token") }
          : {
              kind,
              name: text("name"),
              url: text("url"),
              ...(text("authorization") ? { headers: { authorization: text("authorization") } } : {}),
            };
    setBusy(true);
    const answer = await callApi("/api/v1/alert-channels", { body });
    setBusy(false);
    if (!answer.ok) return setError(answer.error.message);
    setError(null);
    formElement.reset();
    router.refresh();
  };
  return (
    <form
      onSubmit={submit}
      className="space-y-2 rounded border border-zinc-200 p-3 dark:border-zinc-800"
      aria-label="New alert channel"
    >
      <div className="flex flex-wrap items-end gap-2">
        <select
          aria-label="Kind"
          value={kind}
          onChange={(e) => setKind(e.target.value as Kind)}
          className={input}
        >
          <option value="webhook">Webhook (Slack, Discord, JSON)</option>
          <option value="ntfy">ntfy topic</option>
          <option value="email">Email (SMTP)</option>
        </select>
        <input name="name" placeholder="name (e.g. ops-slack)" required className={input} />
        {kind !== "email" && (
          <input name="url" placeholder="https://…" required className={`${input} w-96`} aria-label="URL" />
        )}
        {kind === "webhook" && (
          <input
            name="authorization"
            placeholder="Authorization header (optional)"
            className={input}
            type="password"
          />
        )}
        {kind === "ntfy" && (
          <input name="token" placeholder="access token (optional)" className={input} type="password" />
        )}
        {kind === "email" && (
          <>
            <input name="host" placeholder="SMTP host" required className={input} />
            <input
              name="port"
              placeholder="port"
              defaultValue="587"
              required
              className={`${input} w-20`}
              aria-label="Port"
            />
            <select name="security" aria-label="Security" className={input} defaultValue="starttls">
              <option value="starttls">STARTTLS</option>
              <option value="tls">TLS (465)</option>
              <option value="none">none</option>
            </select>
            <input name="username" placeholder="user (optional)" className={input} />
            <input name="password" placeholder="password (optional)" type="password" className={input} />
            <input name="from" placeholder="from address" required className={input} />
            <input name="to" placeholder="to (comma-separated)" required className={`${input} w-72`} />
          </>
        )}
        <button
          type="submit"
          disabled={!hydrated || busy}
          className="rounded bg-zinc-900 px-3 py-1 text-sm text-white disabled:opacity-50 dark:bg-white dark:text-zinc-900"
        >
          {busy ? "Adding…" : "Add channel"}
        </button>
      </div>
      {error && (
        <p className="text-sm text-red-600" role="alert">
          {error}
        </p>
      )}
    </form>
  );
};
