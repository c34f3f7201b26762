import Link from "next/link";
import { DeleteRunButton } from "@/components/runs/delete-run-button";
import { CompareCheckbox, CompareSelection } from "@/components/runs/compare-selection";
import { requirePageRole } from "@/lib/auth/page";
import { hasRole } from "@/lib/auth/roles";
import { listRuns, runFilterValues, type RunFilters } from "@/lib/db/runs";
import { formatMs } from "@/lib/format";
import { clampPage } from "@/lib/http/query";
import { efficiency, REGRESSION_MARGIN } from "@/lib/runs/aggregate";
import { environmentFilterOf, environmentNamer } from "@/lib/runs/environment-view";
import { environmentsForDisplay } from "@/lib/operations/environments";

export const dynamic = "force-dynamic";
const PAGE_SIZE = 50;
const STATUSES = ["running", "healthy", "failed", "cancelled", "torn_down", "interrupted"];

type Search = { page?: string; topology?: string; strategy?: string; status?: string; environment?: string };

const percent = (ratio: number | null) => (ratio === null ? "—" : `${(ratio * 100).toFixed(1)} %`);

const RunsPage = async ({ searchParams }: { searchParams: Promise<Search> }) => {
  const principal = await requirePageRole("viewer");
  const search = await searchParams;
  const page = clampPage(search.page);
  const environments = await environmentsForDisplay();
  const filters = {
    topology: search.topology || undefined,
    strategy: search.strategy || undefined,
    status: search.status || undefined,
    environment: search.environment || undefined,
  };
  const query: RunFilters = {
    ...filters,
    environmentId: environmentFilterOf(environments, filters.environment),
  };
  const [{ runs, total }, values] = await Promise.all([
    listRuns({ page, pageSize: PAGE_SIZE, filters: query }),
    runFilterValues(),
  ]);
  const environmentName = environmentNamer(environments);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const canDelete = hasRole({ actual: principal.role, needed: "operator" });
  const link = (p: number) =>
    `?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)), page: String(p) })}`;
  const select = "rounded border border-zinc-300 bg-transparent px-2 py-1 dark:border-zinc-700";
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Runs</h1>
      <form className="flex flex-wrap items-end gap-2 text-sm" aria-label="Filter runs">
        <select
          name="topology"
          defaultValue={filters.topology ?? ""}
          aria-label="Topology"
          className={select}
        >
          <option value="">all topologies</option>
          {values.topologies.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
        <select
          name="strategy"
          defaultValue={filters.strategy ?? ""}
          aria-label="Strategy"
          className={select}
        >
          <option value="">all strategies</option>
          {values.strategies.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <select
          name="environment"
          defaultValue={filters.environment ?? ""}
          aria-label="Environment"
          className={select}
        >
          <option value="">all environments</option>
          {environments.map((e) => (
            <option key={e.id}>{e.name}</option>
          ))}
        </select>
        <select name="status" defaultValue={filters.status ?? ""} aria-label="Result" className={select}>
          <option value="">all results</option>
          {STATUSES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <button type="submit" className="rounded border border-zinc-400 px-3 py-1">
          Filter
        </button>
        <span className="ml-auto text-zinc-500">
          {total} runs · page {page} of {pages}
        </span>
      </form>
      {total === 0 ? (
        <p className="text-sm text-zinc-500">No runs yet. Every deploy and teardown is recorded here.</p>
      ) : (
        <CompareSelection>
          <table className="w-full text-left text-sm" data-testid="runs-table">
            <thead className="text-zinc-500">
              <tr>
                <th />
                <th className="py-2">Started (UTC)</th>
                <th>Topology</th>
                <th>Environment</th>
                <th>Strategy</th>
                <th>Kind</th>
                <th>Result</th>
                <th>Total</th>
                <th>Fit · data</th>
                <th title="ms from the request: first container created">Preparation</th>
                <th title="from the request: all services ready by their health commands">
                  Ready (health cmds)
                </th>
                <th title="from the request: all services healthy by Docker">Healthy (Docker)</th>
                <th>First node ready</th>
                <th>CPU efficiency</th>
                <th>Latency p50</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr
                  key={run.id}
                  data-testid="run-row"
                  data-run-id={run.id}
                  className="border-t border-zinc-200 dark:border-zinc-800"
                >
                  <td className="pr-2">
                    {(run.kind === "deploy" || run.kind === "latency") && <CompareCheckbox id={run.id} />}
                  </td>
                  <td className="py-1.5 whitespace-nowrap">
                    <Link href={`/runs/${run.id}`} className="underline">
                      {run.startedAt.toISOString().slice(0, 19).replace("T", " ")}
                    </Link>
                  </td>
                  <td>{run.topology}</td>
                  <td data-testid="run-environment">{environmentName(run.environmentId)}</td>
                  <td>{run.strategy}</td>
                  <td>{run.kind}</td>
                  <td>
                    {run.status.replace("_", " ")}
                    {run.regression && (
                      <span
                        data-testid="regression"
                        title={`slower than the median ${formatMs(run.baselineMedianMs)} of the previous runs by more than ${REGRESSION_MARGIN * 100} %`}
                        className="ml-1 rounded bg-amber-100 px-1 text-xs text-amber-800 dark:bg-amber-900/40 dark:text-amber-300"
                      >
                        regression
                      </span>
                    )}
                  </td>
                  <td>{formatMs(run.totalMs)}</td>
                  <td data-testid="run-fit-data">
                    {run.kind === "teardown" ? "—" : `${run.fitMode ?? "?"} · ${run.dataState ?? "?"}`}
                  </td>
                  <td>{formatMs(run.preparationMs)}</td>
                  <td>{formatMs(run.readyMs)}</td>
                  <td>{formatMs(run.dockerHealthyMs)}</td>
                  <td>{formatMs(run.firstNodeReadyMs)}</td>
                  <td>{percent(efficiency({ used: run.cpuAvgCores, allocated: run.cpuAllocated }))}</td>
                  <td>{run.latencyP50Ms === null ? "—" : `${run.latencyP50Ms.toFixed(1)} ms`}</td>
                  <td>{canDelete && <DeleteRunButton id={run.id} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </CompareSelection>
      )}
      <nav className="flex gap-3 text-sm" aria-label="Pages">
        {page > 1 && (
          <Link href={link(page - 1)} className="underline">
            Newer
          </Link>
        )}
        {page < pages && (
          <Link href={link(page + 1)} className="underline">
            Older
          </Link>
        )}
      </nav>
    </div>
  );
};

export default RunsPage;
