"use client";
import { useMemo, useState } from "react";
import { containersOf } from "@/components/charts/chart-rows";
import { CpuChart } from "@/components/charts/cpu-chart";
import { MemoryChart } from "@/components/charts/memory-chart";
import { NetworkChart } from "@/components/charts/network-chart";
import { efficiencyOf, type Allocated } from "./efficiency";
import { EfficiencyLine } from "./efficiency-line";
import { StatsTable } from "./stats-table";
import { useProjectStats } from "./use-project-stats";

const STATUS = { joining: "connecting…", live: "live", error: "unavailable" } as const;

/**
 * Live resource charts, the `docker stats` table and the efficiency line of one compose project;
 * `intervalMs` is how often it asks for a reading (faster while a deploy runs).
 */
export const LiveStatsPanel = ({
  project,
  allocated,
  intervalMs = 1000,
  environment,
}: {
  project: string;
  /** The environment the project runs on (undefined: the panel's own engine). */
  environment?: string;
  allocated: Allocated;
  intervalMs?: number;
}) => {
  const { history, status, error } = useProjectStats({ project, intervalMs, environment });
  const [networkOf, setNetworkOf] = useState<string>("");
  // Once per stats batch: `history` keeps its identity between batches, so the memoized charts and
  // table below skip the dashboard's 500 ms clock ticks.
  const containers = useMemo(() => containersOf(history), [history]);
  const selected = containers.find((c) => c.id === networkOf) ?? null;
  return (
    <section
      data-testid="live-stats"
      data-tour="watch"
      data-status={status}
      data-points={history.ticks.length}
      data-interval-ms={intervalMs}
      className="flex flex-col gap-3"
    >
      <header className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-base font-semibold">Resources · {project}</h2>
        <span className="text-xs text-zinc-500">
          {STATUS[status]}
          {status === "live"
            ? ` · every ${intervalMs >= 1000 ? `${intervalMs / 1000} s` : `${intervalMs} ms`}`
            : ""}
          {error ? ` — ${error}` : ""} · last 10 minutes · {containers.length} containers
        </span>
      </header>
      <EfficiencyLine efficiency={efficiencyOf(history, allocated)} />
      <div className="grid grid-cols-1 gap-3 xl:grid-cols-3">
        <CpuChart history={history} containers={containers} />
        <MemoryChart history={history} containers={containers} limitBytes={allocated.memoryBytes} />
        <div className="flex flex-col gap-1">
          <label className="flex items-center gap-2 text-xs text-zinc-500">
            Network of
            <select
              value={selected?.id ?? ""}
              onChange={(event) => setNetworkOf(event.target.value)}
              className="rounded border border-zinc-300 bg-transparent px-1 py-0.5 dark:border-zinc-700"
            >
              <option value="">the whole cluster</option>
              {containers.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <NetworkChart
            history={history}
            containerId={selected?.id ?? null}
            label={selected?.name ?? "cluster"}
          />
        </div>
      </div>
      <StatsTable history={history} containers={containers} />
    </section>
  );
};
