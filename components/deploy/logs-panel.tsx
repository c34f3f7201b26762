"use client";
import { useEffect, useMemo, useState } from "react";
import type { LogStreamLine } from "@/lib/realtime/events";
import { useConnected, usePanelSocket } from "@/components/realtime/use-realtime";

const KEEP = 500;

/** Follows one service's output live (`logs -f`), keeps the last lines, filters them as you type. */
export const LogsPanel = ({
  project,
  services,
  environment,
}: {
  project: string;
  services: string[];
  /** The environment the project runs on (undefined: the panel's own engine). */
  environment?: string;
}) => {
  const socket = usePanelSocket();
  const connected = useConnected();
  const [service, setService] = useState("");
  const [lines, setLines] = useState<LogStreamLine[]>([]);
  const [filter, setFilter] = useState("");
  const [note, setNote] = useState<string | null>(null);

  useEffect(() => {
    if (!socket || !connected || !service) return;
    const onLine = (line: LogStreamLine) => {
      if (line.project === project && line.service === service)
        setLines((old) => [...old, line].slice(-KEEP));
    };
    socket.on("logs:line", onLine);
    socket.emit("logs:follow", { project, service, environment }, (answer) =>
      setNote(answer.ok ? `following ${answer.data.container}` : answer.msg),
    );
    return () => {
      socket.off("logs:line", onLine);
      socket.emit("logs:unfollow", () => undefined);
    };
  }, [socket, connected, project, service, environment]);

  const shown = useMemo(
    () => (filter ? lines.filter((l) => l.line.toLowerCase().includes(filter.toLowerCase())) : lines),
    [lines, filter],
  );
  return (
    <section aria-label="Logs" data-testid="logs-panel" className="space-y-2">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <h3 className="font-semibold">Logs</h3>
        <select
          aria-label="Service to follow"
          value={service}
          onChange={(e) => {
            setLines([]);
            setService(e.target.value);
          }}
          className="rounded border border-zinc-300 bg-transparent px-2 py-0.5 dark:border-zinc-700"
        >
          <option value="">choose a service…</option>
          {services.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <input
          aria-label="Search logs"
          placeholder="search"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          className="rounded border border-zinc-300 bg-transparent px-2 py-0.5 dark:border-zinc-700"
        />
        <span className="text-xs text-zinc-500">
          {note ?? ""} · last {KEEP} lines
        </span>
      </div>
      <pre
        data-testid="log-lines"
        className="h-64 overflow-auto rounded bg-zinc-950 p-2 text-xs text-zinc-100"
      >
        {shown.map((l, i) => (
          <div key={i} className={l.stream === "stderr" ? "text-amber-300" : undefined}>
            {l.line}
          </div>
        ))}
      </pre>
    </section>
  );
};
