"use client";
import { useRouter } from "next/navigation";
import { useState, type ChangeEvent, type FormEvent } from "react";
import { useHydrated } from "@/components/shell/use-hydrated";
import { callApi } from "@/components/auth/api";

/** Upload or paste a compose file; the server validates it and names each problem with its line. */
export const AddTopologyForm = () => {
  const router = useRouter();
  const [compose, setCompose] = useState("");
  const hydrated = useHydrated();
  const [error, setError] = useState<string | null>(null);
  const onFile = async (event: ChangeEvent<HTMLInputElement>) =>
    setCompose((await event.target.files?.[0]?.text()) ?? "");
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get("name"));
    const answer = await callApi<{ name: string }>("/api/topologies", { body: { name, compose } });
    if (!answer.ok) return setError(answer.error.message);
    setError(null);
    router.push(`/topology?name=${answer.data.name}`);
    router.refresh();
  };
  return (
    <form method="post" onSubmit={submit} className="space-y-2" aria-label="Add a topology">
      <div className="flex flex-wrap items-center gap-2">
        <input
          name="name"
          required
          placeholder="name, e.g. my-cluster"
          className="rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        />
        <input
          type="file"
          accept=".yml,.yaml"
          onChange={onFile}
          aria-label="Compose file"
          className="text-sm"
        />
        <button
          type="submit"
          disabled={!hydrated}
          className="rounded bg-zinc-900 px-3 py-1 text-sm text-white disabled:opacity-50 dark:bg-zinc-100 dark:text-zinc-900"
        >
          Add topology
        </button>
      </div>
      <textarea
        value={compose}
        onChange={(e) => setCompose(e.target.value)}
        rows={6}
        placeholder="…or paste docker-compose YAML here"
        aria-label="Compose YAML"
        className="w-full rounded border border-zinc-300 bg-white p-2 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-900"
      />
      {error && (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      )}
    </form>
  );
};
