import { RunsFilterForm } from "@/components/runs/runs-filter-form";
import { RunsTable } from "@/components/runs/runs-table";
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
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Runs</h1>
      <RunsFilterForm
        filters={filters}
        topologies={topologies}
        strategies={strategies}
        environmentNames={environmentNames}
        statuses={statuses}
        total={total}
        page={page}
        pages={pages}
      />
      {total === 0 ? (
        <p className="text-sm text-zinc-500">No runs yet. Every deploy and teardown is recorded here.</p>
      ) : (
        <RunsTable rows={rows} canDelete={canDelete} />
      )}
      <Pager page={page} pages={pages} href={(p) => runsPageHref(filters, p)} />
    </div>
  );
};

export default RunsPage;
