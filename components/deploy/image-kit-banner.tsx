"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { callApi } from "@/components/auth/api";
import { usePanelSocket } from "@/components/realtime/use-realtime";
import type { ImageKitStatus } from "@/lib/operations/image-kit";
import { ErrorText } from "@/components/ui/alert";

/**
 * Says whether the local images are there; if not, the exact command, and for admins a Build
 * button (which installs the kit's Debian packages first) or the one sentence saying why this
 * panel cannot. A build streams its lines and ends in a visible verdict: built, or failed.
 */
export const ImageKitBanner = ({ isAdmin }: { isAdmin: boolean }) => {
  const socket = usePanelSocket();
  const router = useRouter();
  const [status, setStatus] = useState<ImageKitStatus | null>(null);
  const [log, setLog] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    void callApi<ImageKitStatus>("/api/images").then((answer) => {
      if (!live || !answer.ok) return;
      setStatus(answer.data);
      // A late browser gets the running (or last) build's lines at once.
      setLog(answer.data.build.lines);
    });
    return () => {
      live = false;
    };
  }, [version]);

  useEffect(() => {
    if (!socket) return;
    const onLog = (payload: { line: string } | { done: true; ok: boolean }) => {
      if ("line" in payload) setLog((old) => [...old, payload.line].slice(-200));
      else {
        setVersion((v) => v + 1);
        // Deploy's "images missing" reason is computed by the page: ask it again.
        if (payload.ok) router.refresh();
      }
    };
    socket.on("images:log", onLog);
    socket.emit("images:watch", () => undefined);
    return () => {
      socket.off("images:log", onLog);
    };
  }, [socket, router]);

  if (!status) return null;
  const { build } = status;
  const failed = !build.running && build.result !== null && !build.result.ok;
  if (status.ready && !build.running && !failed)
    return (
      <p data-testid="image-kit" data-ready="true" data-state="ready" className="text-xs text-zinc-500">
        Local images ready · {status.lines.at(-1)}
      </p>
    );
  const start = async () => {
    setLog([]);
    const answer = await callApi("/api/images/build", { method: "POST" });
    setError(answer.ok ? null : answer.error.message);
    if (answer.ok) setStatus({ ...status, build: { ...build, running: true, lines: [] } });
  };
  const state = build.running ? "building" : failed ? "failed" : "missing";
  const toBuild = status.lines.filter((l) => !l.startsWith("ok") && !/^\d+ missing/.test(l)).length;
  const packages = status.missingPackages.join(", ");
  return (
    <section
      data-testid="image-kit"
      data-ready={status.ready}
      data-state={state}
      className="space-y-2 rounded border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-700 dark:bg-amber-950/40"
    >
      {!status.ready && (
        <p>
          The cluster&apos;s local images are missing or outdated ({toBuild} to build): Deploy waits for them.{" "}
          {isAdmin && status.canBuild ? (
            <>Build them here{packages ? ` (installs ${packages} first)` : ""}, or on the host with </>
          ) : (
            <>Build them on the host with </>
          )}
          <code>
            {status.missingPackages.length > 0
              ? `sudo apt-get install -y ${status.missingPackages.join(" ")} && `
              : ""}
            {status.command}
          </code>
          .
        </p>
      )}
      {isAdmin && !status.canBuild && status.blocker && (
        <p data-testid="image-kit-blocker" className="font-medium">
          {status.blocker}
        </p>
      )}
      {isAdmin && status.canBuild && (!status.ready || failed) && (
        <button
          type="button"
          onClick={start}
          disabled={build.running}
          className="rounded bg-zinc-900 px-3 py-1 text-white disabled:opacity-50 dark:bg-zinc-100 dark:text-zinc-900"
        >
          {build.running ? "Building…" : failed ? "Try again" : "Build the local images"}
        </button>
      )}
      {build.running && (
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          Building: {log.length} line(s) so far, the newest last (a first build takes 2-3 minutes).
        </p>
      )}
      {failed && (
        <p role="alert" data-testid="image-kit-failed" className="font-medium text-red-700 dark:text-red-400">
          The build failed (exit code {build.result?.exitCode ?? "none"}): the last lines below say why; fix
          that and try again.
        </p>
      )}
      <ErrorText error={error} />
      {log.length > 0 && (
        <pre className="max-h-48 overflow-auto rounded bg-zinc-950 p-2 text-xs text-zinc-100">
          {log.join("\n")}
        </pre>
      )}
    </section>
  );
};
