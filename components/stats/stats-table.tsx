import { memo } from "react";
import type { ChartContainer } from "@/components/charts/chart-rows";
import { formatIo, formatMemory, formatPercent } from "@/components/charts/format";
import type { StatsHistory } from "@/lib/stats/series";

// A container whose newest sample is this much older than the newest tick has stopped reporting.
const STALE_MS = 5000;

/**
 * The project's containers as `docker stats` lists them, newest sample of each. `containers` is
 * `containersOf(history)`. Memoized: renders again only when the history changes.
 */
export const StatsTable = memo(function StatsTable({
  history,
  containers,
}: {
  history: StatsHistory;
  containers: ChartContainer[];
}) {
  const newest = history.ticks.at(-1) ?? 0;
  const all = containers.flatMap(({ id }) => (history.latest[id] ? [history.latest[id]] : []));
  // Like `docker stats`: only containers that still report (a redeploy's predecessors stay in the charts).
  const rows = all.filter((s) => newest - s.t <= STALE_MS);
  const stopped = all.length - rows.length;
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
      <table data-testid="stats-table" className="w-full text-left font-mono text-xs">
        <thead className="bg-zinc-50 text-zinc-500 dark:bg-zinc-900 dark:text-zinc-400">
          <tr>
            {[
              "NAME",
              "CPU %",
              "MEM USAGE / LIMIT",
              "MEM %",
              "NET I/O (rx / tx)",
              "BLOCK I/O (read / write)",
              "PIDS",
            ].map((h) => (
              <th key={h} className="px-3 py-2 font-semibold whitespace-nowrap">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={7} className="px-3 py-3 text-zinc-500">
                No running container in this project yet.
              </td>
            </tr>
          ) : null}
          {rows.map((s) => {
            return (
              <tr
                key={s.containerId}
                data-testid="stats-row"
                data-service={s.service}
                className="border-t border-zinc-100 dark:border-zinc-800"
              >
                <td className="px-3 py-1.5 whitespace-nowrap" title={s.containerId}>
                  {s.name}
                </td>
                <td className="px-3 py-1.5">{formatPercent(s.cpuPercent)}</td>
                <td className="px-3 py-1.5 whitespace-nowrap">
                  {formatMemory(s.memoryUsedBytes)} / {formatMemory(s.memoryLimitBytes)}
                </td>
                <td className="px-3 py-1.5">{formatPercent(s.memoryPercent)}</td>
                <td className="px-3 py-1.5 whitespace-nowrap">
                  {formatIo(s.netRxBytes)} / {formatIo(s.netTxBytes)}
                </td>
                <td className="px-3 py-1.5 whitespace-nowrap">
                  {formatIo(s.blockReadBytes)} / {formatIo(s.blockWriteBytes)}
                </td>
                <td className="px-3 py-1.5">{s.pids}</td>
              </tr>
            );
          })}
          {stopped > 0 ? (
            <tr>
              <td colSpan={7} className="px-3 py-1.5 text-zinc-500" data-testid="stats-stopped">
                {stopped} stopped container(s) not listed; the charts keep them for 10 minutes.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
});
