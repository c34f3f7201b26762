import Link from "next/link";
import { DeleteRunButton } from "@/components/runs/delete-run-button";
import { CompareCheckbox, CompareSelection } from "@/components/runs/compare-selection";
import { Pager } from "@/components/ui/pager";
import { requirePageRole } from "@/lib/auth/page";
import { hasRole } from "@/lib/auth/roles";
import { clampPage } from "@/lib/http/query";
import { environmentsForDisplay } from "@/lib/operations/environments";
import { loadRunsPage, runsPageHref, type RunsSearch } from "@/lib/runs/runs-page-model";

export const dynamic = "force-dynamic";

const RunsPage = async ({ searchParams }: { searchParams: Promise<RunsSearch> }) => {
  const principal = await requirePageRole("viewer");
  const search = await searchParams;
  const { filters, topologies, strategies, environmentNames, statuses, total, page, pages, rows } =
    await loadRunsPage({
      search,
      page: clampPage(search.page),
      environments: await environmentsForDisplay(),
    });
  const canDelete = hasRole({ actual: principal.role, needed: "operator" });
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
          {topologies.map((t) => (
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
          {strategies.map((s) => (
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
          {environmentNames.map((e) => (
            <option key={e.id}>{e.name}</option>
          ))}
        </select>
        <select name="status" defaultValue={filters.status ?? ""} aria-label="Result" className={select}>
          <option value="">all results</option>
          {statuses.map((s) => (
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
              {rows.map((run) => (
                <tr
                  key={run.id}
                  data-testid="run-row"
                  data-run-id={run.id}
                  className="border-t border-zinc-200 dark:border-zinc-800"
                >
                  <td className="pr-2">{run.comparable && <CompareCheckbox id={run.id} />}</td>
                  <td className="py-1.5 whitespace-nowrap">
                    <Link href={run.href} className="underline">
                      {run.startedUtc}
                    </Link>
                  </td>
                  <td>{run.topology}</td>
                  <td data-testid="run-environment">{run.environment}</td>
                  <td>{run.strategy}</td>
                  <td>{run.kind}</td>
                  <td>
                    {run.result}
                    {run.regressionTitle && (
                      <span
                        data-testid="regression"
                        title={run.regressionTitle}
                        className="ml-1 rounded bg-amber-100 px-1 text-xs text-amber-800 dark:bg-amber-900/40 dark:text-amber-300"
                      >
                        regression
                      </span>
                    )}
                  </td>
                  <td>{run.total}</td>
                  <td data-testid="run-fit-data">{run.fitData}</td>
                  <td>{run.preparation}</td>
                  <td>{run.ready}</td>
                  <td>{run.dockerHealthy}</td>
                  <td>{run.firstNodeReady}</td>
                  <td>{run.cpuEfficiency}</td>
                  <td>{run.latencyP50}</td>
                  <td>{canDelete && <DeleteRunButton id={run.id} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </CompareSelection>
      )}
      <Pager page={page} pages={pages} href={(p) => runsPageHref(filters, p)} />
    </div>
  );
};

export default RunsPage;
