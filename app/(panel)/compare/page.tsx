import { ConditionDifferences } from "@/components/runs/condition-differences";
import { CompareSections } from "@/components/runs/compare-sections";
import { CompareTable } from "@/components/runs/compare-table";
import { requirePageRole } from "@/lib/auth/page";
import { environmentsForDisplay } from "@/lib/operations/environments";
import { compareReportHref } from "@/lib/report/report-page-model";
import { loadComparePage } from "@/lib/runs/compare-page-model";

export const dynamic = "force-dynamic";

const ComparePage = async ({
  searchParams,
}: {
  searchParams: Promise<{ ids?: string; environment?: string }>;
}) => {
  await requirePageRole("viewer");
  const search = await searchParams;
  // `&environment=<name>`: only the runs made on that engine ("local": the panel's own).
  const { leftOut, compared } = await loadComparePage({
    search,
    environments: search.environment ? await environmentsForDisplay() : [],
  });
  if (!compared)
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-semibold">Compare</h1>
        <p className="text-sm text-zinc-500">
          Pick two or more runs on the Runs page to compare them side by side (the first is the baseline).
        </p>
        {leftOut > 0 && (
          <p role="status" className="text-sm text-amber-700" data-testid="environment-left-out">
            {leftOut} of the runs asked for were made on another environment than {search.environment}.
          </p>
        )}
      </div>
    );
  const { runs, headers, baselineHeader, exports, changedTopologies, missing, tables } = compared;
  const reportHref = compareReportHref(runs);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">Compare</h1>
        <span className="text-sm text-zinc-500">baseline: {baselineHeader} · change in % against it</span>
        {exports.map(({ format, label, href }) => (
          <a key={format} href={href} className="text-sm underline">
            {label}
          </a>
        ))}
        {reportHref && (
          <a href={reportHref} className="text-sm underline" data-testid="report-link">
            Analysis report
          </a>
        )}
      </div>
      {changedTopologies.length > 0 && (
        <p role="status" className="text-sm text-amber-700 dark:text-amber-400">
          The compose file of {changedTopologies.join(", ")} changed since that run: its dependency rows
          describe the file as it is now.
        </p>
      )}
      {leftOut > 0 && (
        <p role="status" className="text-sm text-amber-700" data-testid="environment-left-out">
          {leftOut} of the runs asked for were made on another environment than {search.environment}: left
          out.
        </p>
      )}
      {missing > 0 && (
        <p role="status" className="text-sm text-amber-700">
          {missing} of the runs asked for do not exist (deleted?).
        </p>
      )}
      <ConditionDifferences runs={runs} />
      {tables.map((table) => (
        <CompareTable key={table.title} table={table} headers={headers} />
      ))}
      <CompareSections compared={compared} />
    </div>
  );
};

export default ComparePage;
