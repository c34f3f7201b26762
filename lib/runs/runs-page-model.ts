// The Runs page's view model: the filters as asked, one page of stored runs with every cell as the
// table shows it, and the pager's links, so the page only lays them out.
import type { EnvironmentView } from "@/lib/db/environments";
import { listRuns, runFilterValues, type RunFilters, type RunListRow } from "@/lib/db/runs";
import { formatMs } from "@/lib/format";
import { RUN_STATUSES } from "@/lib/run-vocabulary";
import { efficiency, REGRESSION_MARGIN } from "./aggregate";
import { environmentFilterOf, environmentNamer } from "./environment-view";

export const RUNS_PAGE_SIZE = 50;

/** The page's query string: each filter as chosen ("" or absent: all). */
export type RunsSearch = {
  page?: string;
  topology?: string;
  strategy?: string;
  status?: string;
  environment?: string;
};
export type RunsPageFilters = { topology?: string; strategy?: string; status?: string; environment?: string };

/** One row of the Runs table, every cell as it reads. */
export type RunsRow = {
  id: string;
  href: string;
  /** A deploy or latency test: it may be picked for Compare. */
  comparable: boolean;
  startedUtc: string;
  topology: string;
  environment: string;
  strategy: string;
  kind: string;
  result: string;
  /** Why the run counts as a regression, or null. */
  regressionTitle: string | null;
  total: string;
  fitData: string;
  preparation: string;
  ready: string;
  dockerHealthy: string;
  firstNodeReady: string;
  cpuEfficiency: string;
  latencyP50: string;
};

const percent = (ratio: number | null) => (ratio === null ? "—" : `${(ratio * 100).toFixed(1)} %`);

/** A stored run as one row of the table (`environmentName` names its engine). */
export const runsRowOf = (run: RunListRow, environmentName: (id: string | null) => string): RunsRow => ({
  id: run.id,
  href: `/runs/${run.id}`,
  comparable: run.kind === "deploy" || run.kind === "latency",
  startedUtc: run.startedAt.toISOString().slice(0, 19).replace("T", " "),
  topology: run.topology,
  environment: environmentName(run.environmentId),
  strategy: run.strategy,
  kind: run.kind,
  result: run.status.replace("_", " "),
  regressionTitle: run.regression
    ? `slower than the median ${formatMs(run.baselineMedianMs)} of the previous deploys under equal conditions by more than ${REGRESSION_MARGIN * 100} %`
    : null,
  total: formatMs(run.totalMs),
  fitData: run.kind === "teardown" ? "—" : `${run.fitMode ?? "?"} · ${run.dataState ?? "?"}`,
  preparation: formatMs(run.preparationMs),
  ready: formatMs(run.readyMs),
  dockerHealthy: formatMs(run.dockerHealthyMs),
  firstNodeReady: formatMs(run.firstNodeReadyMs),
  cpuEfficiency: percent(efficiency({ used: run.cpuAvgCores, allocated: run.cpuAllocated })),
  latencyP50: run.latencyP50Ms === null ? "—" : `${run.latencyP50Ms.toFixed(1)} ms`,
});

/** The filters a query string asks for (an empty choice is no filter). */
export const runsFiltersOf = (search: RunsSearch): RunsPageFilters => ({
  topology: search.topology || undefined,
  strategy: search.strategy || undefined,
  status: search.status || undefined,
  environment: search.environment || undefined,
});

/** The link to page `page` of the list under the same filters. */
export const runsPageHref = (filters: RunsPageFilters, page: number): string =>
  `?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)), page: String(page) })}`;

/** Everything the Runs page shows: page `page` (already clamped) of the runs the search filters. */
export const loadRunsPage = async ({
  search,
  page,
  environments,
}: {
  search: RunsSearch;
  page: number;
  /** The environments to name and filter by (lib/operations/environments.ts environmentsForDisplay). */
  environments: Pick<EnvironmentView, "id" | "name">[];
}) => {
  const filters = runsFiltersOf(search);
  const query: RunFilters = {
    ...filters,
    environmentId: environmentFilterOf(environments, filters.environment),
  };
  const [{ runs, total }, values] = await Promise.all([
    listRuns({ page, pageSize: RUNS_PAGE_SIZE, filters: query }),
    runFilterValues(),
  ]);
  const environmentName = environmentNamer(environments);
  return {
    filters,
    topologies: values.topologies,
    strategies: values.strategies,
    environmentNames: environments.map((e) => ({ id: e.id, name: e.name })),
    statuses: RUN_STATUSES,
    total,
    page,
    pages: Math.max(1, Math.ceil(total / RUNS_PAGE_SIZE)),
    rows: runs.map((run) => runsRowOf(run, environmentName)),
  };
};
export type RunsPageModel = Awaited<ReturnType<typeof loadRunsPage>>;
