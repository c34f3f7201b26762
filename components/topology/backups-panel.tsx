"use client";
import { useCallback, useEffect, useState } from "react";
import { usePanelSocket } from "@/components/realtime/use-realtime";
import type { BackupProgress } from "@/lib/realtime/events";
import { callApi } from "@/components/auth/api";
import { useHydrated } from "@/components/shell/use-hydrated";
import type { BackupView } from "@/lib/operations/backups";
import { formatBytes } from "@/lib/format";

const CONSISTENCY_TEXT: Record<string, string> = {
  stopped: "services stopped",
  paused: "services paused for the copy",
  live: "copied while running (not consistent)",
};

const RowButton = ({
  label,
  onClick,
  disabled,
  danger = false,
}: {
  label: string;
  onClick: () => void;
  disabled: boolean;
  danger?: boolean;
}) => (
  <button
    type="button"
    onClick={onClick}
    disabled={disabled}
    className={danger ? "text-red-700 underline" : "underline"}
  >
    {label}
  </button>
);

/** What a backup did not copy (bind mounts that are no data folder, a remote engine's folders, links out), and why. */
const NotCopiedList = ({ backup }: { backup: BackupView }) => (
  <details className="text-xs text-zinc-500" data-testid="backup-not-copied">
    <summary>{backup.notCopied.length} not copied</summary>
    <ul className="list-disc pl-4">
      {backup.notCopied.map((n) => (
        <li key={`${n.source}-${n.why}`}>
          {n.source}
          {n.services.length > 0 && ` (${n.services.join(", ")})`}: {n.why}
        </li>
      ))}
    </ul>
  </details>
);

/** The topology's backups: take one, watch its progress, restore one after confirming the mapping, delete (admins). */
export const BackupsPanel = ({
  topology,
  canOperate,
  canDelete,
}: {
  topology: string;
  canOperate: boolean;
  canDelete: boolean;
}) => {
  const hydrated = useHydrated();
  const [backups, setBackups] = useState<BackupView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pause, setPause] = useState(true);
  const [pending, setPending] = useState<{ id: string; question: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const [version, setVersion] = useState(0);
  const load = useCallback(async () => setVersion((v) => v + 1), []);
  useEffect(() => {
    let current = true;
    void callApi<BackupView[]>(`/api/v1/backups?topology=${encodeURIComponent(topology)}`).then((answer) => {
      if (!current) return;
      if (answer.ok) setBackups(answer.data);
      else setError(answer.error.message);
    });
    return () => {
      current = false;
    };
  }, [topology, version]);
  const running = backups?.some((b) => b.state === "running") ?? false;
  // Progress arrives over the panel's socket (room `backups`); the list is read again when a backup
  // ends. A slow re-read stays as the fallback while a copy runs (a socket that could not connect).
  const socket = usePanelSocket();
  useEffect(() => {
    if (!socket) return;
    const onProgress = (progress: BackupProgress) => {
      if (progress.topology !== topology) return;
      if (progress.state !== "running") return setVersion((v) => v + 1);
      setBackups(
        (old) =>
          old?.map((b) =>
            b.id === progress.id
              ? { ...b, progress: { bytesDone: progress.bytesDone, bytesExpected: progress.bytesExpected } }
              : b,
          ) ?? old,
      );
    };
    socket.on("backups:progress", onProgress);
    socket.emit("backups:watch", () => undefined);
    return () => {
      socket.off("backups:progress", onProgress);
    };
  }, [socket, topology]);
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setVersion((v) => v + 1), 5000);
    return () => clearInterval(timer);
  }, [running]);

  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await work();
    } finally {
      setBusy(false);
      await load();
    }
  };
  const backUp = () =>
    act(async () => {
      const answer = await callApi<{ id: string }>(
        `/api/v1/topologies/${encodeURIComponent(topology)}/backups`,
        {
          body: { pause },
        },
      );
      if (!answer.ok) setError(answer.error.message);
    });
  // The first call, unconfirmed, answers the mapping the restore would use: the person confirms it.
  const askRestore = (id: string) =>
    act(async () => {
      const answer = await callApi(`/api/v1/backups/${id}/restore`, { body: { confirm: false } });
      if (answer.ok) return;
      if (answer.error.message.startsWith("confirm: "))
        setPending({ id, question: answer.error.message.slice("confirm: ".length) });
      else setError(answer.error.message);
    });
  const restore = (id: string) =>
    act(async () => {
      setPending(null);
      const answer = await callApi<{ mapping: { from: string; to: string }[] }>(
        `/api/v1/backups/${id}/restore`,
        {
          body: { confirm: true },
        },
      );
      if (answer.ok)
        setNotice(`Restored ${answer.data.mapping.map((m) => `${m.from} → ${m.to}`).join(", ")}.`);
      else setError(answer.error.message);
    });
  const remove = (id: string) =>
    act(async () => {
      const answer = await callApi(`/api/v1/backups/${id}`, { method: "DELETE" });
      if (!answer.ok) setError(answer.error.message);
    });

  return (
    <div className="space-y-3" data-testid="backups-panel">
      {canOperate && (
        <div className="flex flex-wrap items-center gap-3">
          <button
            type="button"
            onClick={backUp}
            disabled={!hydrated || busy || running}
            className="rounded bg-zinc-900 px-3 py-1 text-sm text-white disabled:opacity-50 dark:bg-zinc-100 dark:text-zinc-900"
          >
            Back up
          </button>
          <label className="flex items-center gap-1 text-sm">
            <input type="checkbox" checked={pause} onChange={(e) => setPause(e.target.checked)} />
            pause running services during the copy
          </label>
        </div>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      )}
      {notice && (
        <p role="status" className="text-sm text-green-700 dark:text-green-400">
          {notice}
        </p>
      )}
      {pending && (
        <div
          role="dialog"
          aria-label="Confirm restore"
          className="space-y-2 rounded border border-amber-400 p-2 text-sm"
        >
          <p>This restore {pending.question.replace(/; send confirm: true to go ahead$/, "")}.</p>
          <div className="flex gap-2">
            <button
              type="button"
              onClick={() => restore(pending.id)}
              className="rounded bg-amber-700 px-3 py-1 text-white"
            >
              Confirm restore
            </button>
            <button type="button" onClick={() => setPending(null)} className="rounded border px-3 py-1">
              Cancel
            </button>
          </div>
        </div>
      )}
      {backups === null ? (
        <p className="text-sm text-zinc-500">Loading backups…</p>
      ) : backups.length === 0 ? (
        <p className="text-sm text-zinc-500">No backups of {topology} yet.</p>
      ) : (
        <table className="w-full text-left text-sm">
          <thead>
            <tr className="text-zinc-500">
              <th className="py-1">Taken</th>
              <th>State</th>
              <th>Size</th>
              <th>Files</th>
              <th>Consistency</th>
              <th>Run</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {backups.map((b) => (
              <tr key={b.id} className="border-t border-zinc-200 dark:border-zinc-800">
                <td className="py-1">{new Date(b.created).toLocaleString()}</td>
                <td>
                  {b.state === "running" ? (
                    <span className="flex items-center gap-1" data-testid="backup-progress">
                      <progress
                        aria-label={`backup ${b.id} progress`}
                        max={Math.max(1, b.progress.bytesExpected)}
                        value={b.progress.bytesDone}
                      />
                      <span className="text-xs text-zinc-500">
                        {formatBytes(b.progress.bytesDone)} of {formatBytes(b.progress.bytesExpected)}
                      </span>
                    </span>
                  ) : (
                    <span title={b.reason ?? undefined}>{b.state}</span>
                  )}
                </td>
                <td>{b.complete ? formatBytes(b.sizeBytes) : "—"}</td>
                <td>
                  <span data-testid="backup-files">
                    {b.complete ? b.volumes.reduce((n, v) => n + v.files.length, 0) : "—"}
                  </span>
                  {b.notCopied.length > 0 && <NotCopiedList backup={b} />}
                </td>
                <td>{b.consistency ? (CONSISTENCY_TEXT[b.consistency] ?? b.consistency) : "—"}</td>
                <td>{b.runId ? <a href={`/runs/${b.runId}`}>{b.runId.slice(0, 8)}</a> : "—"}</td>
                <td className="space-x-2 text-right">
                  {canOperate && b.complete && (
                    <RowButton
                      label="Restore"
                      onClick={() => askRestore(b.id)}
                      disabled={!hydrated || busy}
                    />
                  )}
                  {canDelete && b.state !== "running" && (
                    <RowButton
                      label="Delete"
                      danger
                      onClick={() => remove(b.id)}
                      disabled={!hydrated || busy}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
};
