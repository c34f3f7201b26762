"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { callApi } from "@/components/auth/api";
import { useHydrated } from "@/components/shell/use-hydrated";

const input =
  "rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";
const pem = `${input} h-20 w-full font-mono text-xs`;

type Probe = { version: string; apiVersion: string; cpus: number; swarmState: string };
type HostKey = { fingerprint: string; type: string; pinnedNow: boolean } | null;

/**
 * Adds an environment: URL plus PEM CA/cert/key (tcp with TLS) or an ssh key and, optionally, the
 * engine's known_hosts line; the panel tests it first and shows the ssh host key it pinned.
 */
export const NewEnvironmentForm = () => {
  const router = useRouter();
  const hydrated = useHydrated();
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [auth, setAuth] = useState<"none" | "tls" | "ssh">("tls");
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const text = (key: string) => String(form.get(key) ?? "").trim();
    const body = {
      name: text("name"),
      url: text("url"),
      ...(auth === "tls" ? { tls: { ca: text("ca"), cert: text("cert"), key: text("key") } } : {}),
      ...(auth === "ssh"
        ? { sshKey: text("sshKey"), ...(text("knownHosts") ? { knownHosts: text("knownHosts") } : {}) }
        : {}),
    };
    setBusy(true);
    const answer = await callApi<{ environment: { name: string }; probe: Probe; hostKey: HostKey }>(
      "/api/environments",
      {
        body,
      },
    );
    setBusy(false);
    if (!answer.ok) return (setError(answer.error.message), setAdded(null));
    setError(null);
    const { probe, environment, hostKey } = answer.data;
    const pinned = !hostKey
      ? ""
      : hostKey.pinnedNow
        ? ` Host key pinned as presented: ${hostKey.fingerprint} (${hostKey.type}) — compare it with ssh-keygen -lf on the engine; another key will be refused.`
        : ` Host key ${hostKey.fingerprint} matches your known_hosts line.`;
    setAdded(
      `Added ${environment.name}: Docker ${probe.version} (API ${probe.apiVersion}), ${probe.cpus} CPUs, swarm ${probe.swarmState}.${pinned}`,
    );
    formElement.reset();
    router.refresh();
  };
  return (
    <form
      onSubmit={submit}
      className="space-y-2 rounded border border-zinc-200 p-3 dark:border-zinc-800"
      aria-label="New environment"
    >
      <div className="flex flex-wrap items-end gap-2">
        <input name="name" placeholder="name (e.g. gpu-box)" required className={input} />
        <input
          name="url"
          placeholder="tcp://host:2376, ssh://user@host or unix:///path"
          required
          className={`${input} w-96`}
        />
        <select
          aria-label="Credentials"
          value={auth}
          onChange={(e) => setAuth(e.target.value as typeof auth)}
          className={input}
        >
          <option value="tls">TLS (CA, client cert, key)</option>
          <option value="ssh">ssh key</option>
          <option value="none">none (socket or plain tcp)</option>
        </select>
      </div>
      {auth === "tls" && (
        <div className="grid gap-2 md:grid-cols-3">
          <textarea
            name="ca"
            aria-label="CA certificate (PEM)"
            placeholder="-----BEGIN CERTIFICATE----- (CA)"
            required
            className={pem}
          />
          <textarea
            name="cert"
            aria-label="Client certificate (PEM)"
            placeholder="-----BEGIN CERTIFICATE----- (client)"
            required
            className={pem}
          />
          <textarea
            name="key"
            aria-label="Client key (PEM)"
            placeholder="-----BEGIN PRIVATE KEY-----"
            required
            className={pem}
          />
        </div>
      )}
      {auth === "ssh" && (
        <div className="grid gap-2 md:grid-cols-2">
          <textarea
            name="sshKey"
            aria-label="ssh private key (PEM)"
            placeholder="-----BEGIN OPENSSH PRIVATE KEY-----"
            required
            className={pem}
          />
          <textarea
            name="knownHosts"
            aria-label="Engine host key (known_hosts line, optional)"
            placeholder="optional: ssh-keyscan -p PORT HOST output; without it the key the engine presents now is pinned"
            className={pem}
          />
        </div>
      )}
      <button
        type="submit"
        disabled={!hydrated || busy}
        className="rounded bg-zinc-900 px-3 py-1 text-sm text-white disabled:opacity-50 dark:bg-zinc-100 dark:text-zinc-900"
      >
        {busy ? "Testing…" : "Test and add"}
      </button>
      {added && (
        <p role="status" className="text-sm text-green-700">
          {added}
        </p>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      )}
    </form>
  );
};
