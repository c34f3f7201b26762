"use client";
// One log view per cluster (docs/HISTORY.md): every service's lines merged by timestamp from
// GET /api/v1/logs, a colour per service, filters (service, stream, text or regex, time range),
// follow mode (the panel's socket follows every running container from the last line on, the same
// filters applied on the server: `logs:followProject`) and a download.
import { useEffect, useRef, useState } from "react";
import { callApi } from "@/components/auth/api";
import { colorAt } from "@/components/charts/chart-rows";
import { usePanelSocket } from "@/components/realtime/use-realtime";
import { ErrorText } from "@/components/ui/alert";
import type { ClusterLogs } from "@/lib/operations/cluster-logs";
import type { LogStreamLine } from "@/lib/realtime/events";

/** Lines kept on screen while following. */
const MAX_LINES = 5000;
const SINCE_CHOICES = [
  { label: "15 min", ms: 15 * 60_000 },
  { label: "1 h", ms: 3600_000 },
  { label: "6 h", ms: 6 * 3600_000 },
  { label: "24 h", ms: 24 * 3600_000 },
] as const;

type Line = ClusterLogs["lines"][number];
type Filters = {
  services: string[];
  stream: "" | "stdout" | "stderr";
  q: string;
  regex: boolean;
  sinceMs: number;
};

const queryOf = (topology: string, f: Filters, since: number): string => {
  const params = new URLSearchParams({ topology, since: String(since) });
  if (f.services.length > 0) params.set("service", f.services.join(","));
  if (f.stream) params.set("stream", f.stream);
  if (f.q) params.set("q", f.q);
  if (f.q && f.regex) params.set("regex", "true");
  return `/api/v1/logs?${params}`;
};

/** The combined log of a topology's cluster. */
export const ClusterLogView = ({ topology }: { topology: string }) => {
  const [filters, setFilters] = useState<Filters>({
    services: [],
    stream: "",
    q: "",
    regex: false,
    sinceMs: 3600_000,
  });
  const [draftQ, setDraftQ] = useState("");
  const [allServices, setAllServices] = useState<string[]>([]);
  const [lines, setLines] = useState<Line[]>([]);
  const [truncated, setTruncated] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [follow, setFollow] = useState(false);
  // What the last read showed: the project, its filters and its newest line's time; a follow goes on from there.
  const [shown, setShown] = useState<{ project: string; filters: Filters; after: number } | null>(null);
  const last = useRef(0);
  const socket = usePanelSocket();

  useEffect(() => {
    let live = true;
    void callApi<ClusterLogs & { project: string }>(
      queryOf(topology, filters, Date.now() - filters.sinceMs),
    ).then((answer) => {
      if (!live) return;
      setError(answer.ok ? null : answer.error.message);
      if (!answer.ok) {
        setShown(null);
        return setLines([]);
      }
      setAllServices(answer.data.services);
      setLines(answer.data.lines);
      setTruncated(answer.data.truncated);
      last.current = answer.data.lines.at(-1)?.t ?? Date.now() - filters.sinceMs;
      setShown({ project: answer.data.project, filters, after: last.current });
    });
    return () => {
      live = false;
    };
  }, [topology, filters]);

  useEffect(() => {
    if (!follow || !socket || !shown) return;
    const { project, filters: asked } = shown;
    // Lines after the last one shown, as they are written; a refused follow (a search the server
    // refuses, nothing running) or one the server ended stops following, saying why.
    let live = true;
    const stop = (why: string) => {
      if (!live) return;
      setError(why);
      setFollow(false);
    };
    const onLine = (line: LogStreamLine) => {
      if (line.project !== project) return;
      const t = line.t ?? Date.now();
      last.current = Math.max(last.current, t);
      setLines((before) =>
        [...before, { t, service: line.service, container: "", stream: line.stream, line: line.line }].slice(
          -MAX_LINES,
        ),
      );
    };
    const onEnded = ({ reason }: { reason: string }) => stop(reason);
    socket.on("logs:line", onLine);
    socket.on("logs:ended", onEnded);
    socket.emit(
      "logs:followProject",
      {
        project,
        sinceMs: Math.floor(Math.max(shown.after, last.current)) + 1,
        ...(asked.services.length > 0 ? { services: asked.services } : {}),
        ...(asked.stream ? { stream: asked.stream } : {}),
        ...(asked.q ? { q: asked.q, regex: asked.regex } : {}),
      },
      (answer) => {
        if (!answer.ok) stop(answer.msg);
      },
    );
    return () => {
      live = false;
      socket.off("logs:line", onLine);
      socket.off("logs:ended", onEnded);
      socket.emit("logs:unfollow", () => undefined);
    };
  }, [follow, socket, shown]);

  const colourOf = (service: string) => colorAt(Math.max(0, allServices.indexOf(service)));
  const download = () => {
    const text = lines
      .map((l) => `${new Date(l.t).toISOString()} ${l.service} ${l.stream} ${l.line}`)
      .join("\n");
    const url = URL.createObjectURL(new Blob([`${text}\n`], { type: "text/plain" }));
    const a = Object.assign(document.createElement("a"), { href: url, download: `${topology}-logs.txt` });
    a.click();
    URL.revokeObjectURL(url);
  };
  const toggleService = (service: string) =>
    setFilters((f) => ({
      ...f,
      services: f.services.includes(service)
        ? f.services.filter((s) => s !== service)
        : [...f.services, service],
    }));

  return (
    <div className="space-y-2" data-testid="cluster-logs">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <fieldset className="flex flex-wrap gap-2" aria-label="Services">
          {allServices.map((s) => (
            <label key={s} className="flex items-center gap-1">
              <input
                type="checkbox"
                checked={filters.services.includes(s)}
                onChange={() => toggleService(s)}
              />
              <span style={{ color: colourOf(s) }}>{s}</span>
            </label>
          ))}
        </fieldset>
        <label>
          Stream{" "}
          <select
            value={filters.stream}
            onChange={(e) => setFilters({ ...filters, stream: e.target.value as Filters["stream"] })}
            className="rounded border px-1 dark:bg-zinc-900"
          >
            <option value="">both</option>
            <option value="stdout">stdout</option>
            <option value="stderr">stderr</option>
          </select>
        </label>
        <label>
          Since{" "}
          <select
            value={filters.sinceMs}
            onChange={(e) => setFilters({ ...filters, sinceMs: Number(e.target.value) })}
            className="rounded border px-1 dark:bg-zinc-900"
          >
            {SINCE_CHOICES.map((c) => (
              <option key={c.ms} value={c.ms}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <form
          className="flex items-center gap-1"
          onSubmit={(e) => {
            e.preventDefault();
            setFilters({ ...filters, q: draftQ });
          }}
        >
          <input
            aria-label="Search the logs"
            placeholder="text or regex"
            value={draftQ}
            onChange={(e) => setDraftQ(e.target.value)}
            className="rounded border px-1 dark:bg-zinc-900"
          />
          <label className="flex items-center gap-1">
            <input
              type="checkbox"
              checked={filters.regex}
              onChange={(e) => setFilters({ ...filters, regex: e.target.checked })}
            />
            regex
          </label>
          <button type="submit" className="rounded border px-2">
            Find
          </button>
        </form>
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} />
          Follow
        </label>
        <button
          type="button"
          onClick={download}
          className="rounded border px-2"
          disabled={lines.length === 0}
        >
          Download
        </button>
      </div>
      <ErrorText error={error} />
      {truncated ? (
        <p className="text-xs text-amber-700 dark:text-amber-400" data-testid="log-truncated">
          Only the newest lines are shown (and searched): narrow the range, the services or the search to see
          older ones.
        </p>
      ) : null}
      <pre
        className="max-h-[60vh] overflow-auto rounded border bg-zinc-50 p-2 text-xs dark:bg-zinc-950"
        data-testid="log-lines"
      >
        {lines.length === 0 && !error ? "No lines in this range." : null}
        {lines.map((l, i) => (
          <div key={`${l.t}-${i}`} data-service={l.service} data-stream={l.stream}>
            <span className="text-zinc-400">{new Date(l.t).toLocaleTimeString([], { hour12: false })} </span>
            <span style={{ color: colourOf(l.service) }}>{l.service}</span>
            {l.stream === "stderr" ? <span className="text-red-600"> err</span> : null} {l.line}
          </div>
        ))}
      </pre>
    </div>
  );
};
