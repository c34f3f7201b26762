"use client";
import { useEffect, useState } from "react";
import { callApi } from "@/components/auth/api";
import { usePanelSocket } from "@/components/realtime/use-realtime";

type Status = { ready: boolean; lines: string[]; canBuild: boolean; command: string; building: boolean };

/** Says whether the local images are there; if not, the exact command, and a Build button for admins. */
export const ImageKitBanner = ({ isAdmin }: { isAdmin: boolean }) => {
  const socket = usePanelSocket();
  const [status, setStatus] = useState<Status | null>(null);
  const [log, setLog] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    void callApi<Status>("/api/images").then((answer) => {
      if (live && answer.ok) setStatus(answer.data);
    });
    return () => {
      live = false;
    };
  }, [version]);

  useEffect(() => {
    if (!socket) return;
    const onLog = (payload: { line: string } | { done: true; ok: boolean }) => {
      if ("line" in payload) setLog((old) => [...old, payload.line].slice(-200));
      else setVersion((v) => v + 1);
    };
    socket.on("images:log", onLog);
    socket.emit("images:watch", () => undefined);
    return () => {
      socket.off("images:log", onLog);
    };
  }, [socket]);

  if (!status) return null;
  if (status.ready && log.length === 0)
    return (
      <p data-testid="image-kit" data-ready="true" className="text-xs text-zinc-500">
        Local images ready · {status.lines.at(-1)}
      </p>
    );
  const build = async () => {
    setLog([]);
    const answer = await callApi("/api/images/build", { method: "POST" });
    setError(answer.ok ? null : answer.error.message);
    if (answer.ok) setStatus({ ...status, building: true });
  };
  return (
    <section
      data-testid="image-kit"
      data-ready={status.ready}
      className="space-y-2 rounded border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-700 dark:bg-amber-950/40"
    >
      {!status.ready && (
        <p>
          The cluster&apos;s local images are missing or outdated (
          {status.lines.filter((l) => !l.startsWith("ok")).length} to build). Build them on the host with{" "}
          <code>{status.command}</code>
          {status.canBuild && isAdmin ? " or here:" : "."}
        </p>
      )}
      {status.canBuild && isAdmin && !status.ready && (
        <button
          type="button"
          onClick={build}
          disabled={status.building}
          className="rounded bg-zinc-900 px-3 py-1 text-white disabled:opacity-50 dark:bg-zinc-100 dark:text-zinc-900"
        >
          {status.building ? "Building…" : "Build the local images"}
        </button>
      )}
      {error && (
        <p role="alert" className="text-red-600">
          {error}
        </p>
      )}
      {log.length > 0 && (
        <pre className="max-h-48 overflow-auto rounded bg-zinc-950 p-2 text-xs text-zinc-100">
          {log.join("\n")}
        </pre>
      )}
    </section>
  );
};
