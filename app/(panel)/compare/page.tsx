import { RunTimeline } from "@/components/deploy/run-timeline";
import { EffectiveDiff } from "@/components/runs/effective-diff";
import { ConditionDifferences, CONDITIONS_MARK } from "@/components/runs/condition-differences";
import { PhaseBars } from "@/components/runs/phase-bars";
import { requirePageRole } from "@/lib/auth/page";
import { environmentsForDisplay } from "@/lib/operations/environments";
import { compareReportHref } from "@/lib/report/report-page-model";
import { loadComparePage, type ChangeDirection } from "@/lib/runs/compare-page-model";

export const dynamic = "force-dynamic";

// Green when the change goes the better way for this row, red when the worse way.
const TONE: Record<ChangeDirection, string> = {
  none: "text-zinc-500",
  better: "text-emerald-700 dark:text-emerald-400",
  worse: "text-red-700 dark:text-red-400",
};

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
        <section key={table.title} className="space-y-2">
          <h2 className="text-lg font-semibold">{table.title}</h2>
          <table className="w-full text-left text-sm" data-testid={`compare-${table.title}`}>
            <thead className="text-zinc-500">
              <tr>
                <th className="py-1" />
                {headers.map((h, i) => (
                  <th key={i} className="font-medium">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row) => (
                <tr
                  key={row.label}
                  data-row={row.label}
                  className="border-t border-zinc-200 dark:border-zinc-800"
                >
                  <td className="py-1">{row.label}</td>
                  {row.cells.map((cell, i) => (
                    <td key={i} data-value={cell.value ?? ""} data-change={cell.changePct ?? ""}>
                      {cell.text} <span className={TONE[cell.direction]}>{cell.changeText}</span>
                      {cell.conditionsDiffer && (
                        <span
                          data-testid="conditions-mark"
                          title="conditions differ from the baseline (see above the tables)"
                          className="text-amber-700 dark:text-amber-400"
                        >
                          {CONDITIONS_MARK}
                        </span>
                      )}
                      {cell.spreadText && <div className="text-xs text-zinc-500">{cell.spreadText}</div>}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Phase durations per run</h2>
        <PhaseBars phases={compared.phaseOrder} runs={compared.phaseRuns} />
        <p className="text-xs text-zinc-500">
          A phase&apos;s time is when its last service was ready minus when the previous phase&apos;s last
          service was ready, so the phases add up to the time the cluster was ready, as in the guide&apos;s
          table. Each run&apos;s phases come from its topology: a service&apos;s <code>x-phase</code>, else
          its role&apos;s phase (Foundation, Leader, Workers, Load Balancer; role from the{" "}
          <code>org.ollamamax.role</code> label, <code>NODE_ROLE</code> or the shipped names); monitoring and
          tools count under Other services (the original&apos;s baseline starts them last).
        </p>
      </section>
      <section className="space-y-3" data-testid="compare-timelines">
        <h2 className="text-lg font-semibold">Timelines on one time axis</h2>
        {compared.timelines.map(({ snapshot, header, criticalPath }, i) => (
          <div key={snapshot.runId}>
            <p className="text-sm font-medium">
              #{i + 1} {header}
            </p>
            <RunTimeline run={snapshot} criticalPath={criticalPath} nowT={compared.axisMs} />
          </div>
        ))}
      </section>
      <section className="space-y-2" data-testid="effective-files">
        <h2 className="text-lg font-semibold">What each run really deployed</h2>
        <p className="text-xs text-zinc-500">
          The effective compose files (interpolated, fitted, overrides applied; secrets as ${"{VAR}"}{" "}
          references) of each run against the baseline&apos;s.
        </p>
        {compared.effectiveDiffs.map((diff, i) =>
          "missing" in diff ? (
            <p key={i} className="text-sm text-zinc-500">
              {diff.label}: {diff.missing}
            </p>
          ) : (
            <EffectiveDiff key={i} before={diff.before} after={diff.after} label={diff.label} />
          ),
        )}
      </section>
      <section className="space-y-2 text-sm">
        <h2 className="text-lg font-semibold">The guide&apos;s claims, for reference</h2>
        <ul className="text-zinc-600 dark:text-zinc-400">
          {compared.guideClaims.map(({ name, text }) => (
            <li key={name}>
              <span className="italic">claimed</span> {text}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
};

export default ComparePage;
