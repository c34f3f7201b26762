import { RunTimeline } from "@/components/deploy/run-timeline";
import { EffectiveDiff } from "@/components/runs/effective-diff";
import { ConditionDifferences, CONDITIONS_MARK } from "@/components/runs/condition-differences";
import { PhaseBars } from "@/components/runs/phase-bars";
import { requirePageRole } from "@/lib/auth/page";
import { GUIDE_CLAIMS } from "@/lib/catalog/guide-claims";
import { formatCell, formatChange, type Row } from "@/lib/runs/compare";
import { loadComparison } from "@/lib/runs/load-comparison";
import { runIdsOn } from "@/lib/db/runs";
import { environmentsForDisplay } from "@/lib/operations/environments";
import { environmentFilterOf } from "@/lib/runs/environment-view";
import { storedSnapshot } from "@/lib/runs/stored-snapshot";

export const dynamic = "force-dynamic";

// Green when the change goes the better way for this row, red when the worse way.
const tone = (row: Row, pct: number | null) =>
  pct === null || row.lowerIsBetter === null || pct === 0
    ? "text-zinc-500"
    : pct < 0 === row.lowerIsBetter
      ? "text-emerald-700 dark:text-emerald-400"
      : "text-red-700 dark:text-red-400";

const ComparePage = async ({
  searchParams,
}: {
  searchParams: Promise<{ ids?: string; environment?: string }>;
}) => {
  await requirePageRole("viewer");
  const search = await searchParams;
  const asked = (search.ids ?? "").split(",").filter(Boolean);
  // `&environment=<name>`: only the runs made on that engine ("local": the panel's own).
  const environmentId = search.environment
    ? environmentFilterOf(await environmentsForDisplay(), search.environment)
    : undefined;
  const ids = environmentId === undefined ? asked : await runIdsOn({ ids: asked, environmentId });
  const leftOut = asked.length - ids.length;
  if (ids.length < 2)
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
  const { runs, tables, headers, stored, phases, phaseOrder, effectiveFiles } = await loadComparison(ids);
  const snapshots = stored.map(storedSnapshot);
  const axisMs = Math.max(1, ...runs.map((r) => r.totalMs ?? 0));
  const query = ids.join(",");
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">Compare</h1>
        <span className="text-sm text-zinc-500">baseline: {headers[0]} · change in % against it</span>
        <a href={`/api/compare?ids=${query}&format=md`} className="text-sm underline">
          Markdown
        </a>
        <a href={`/api/compare?ids=${query}&format=csv`} className="text-sm underline">
          CSV
        </a>
        <a href={`/api/compare?ids=${query}&format=json`} className="text-sm underline">
          JSON
        </a>
      </div>
      {runs.some((r) => r.topologyChanged) && (
        <p role="status" className="text-sm text-amber-700 dark:text-amber-400">
          The compose file of{" "}
          {runs
            .filter((r) => r.topologyChanged)
            .map((r) => r.label)
            .join(", ")}{" "}
          changed since that run: its dependency rows describe the file as it is now.
        </p>
      )}
      {leftOut > 0 && (
        <p role="status" className="text-sm text-amber-700" data-testid="environment-left-out">
          {leftOut} of the runs asked for were made on another environment than {search.environment}: left
          out.
        </p>
      )}
      {runs.length < ids.length && (
        <p role="status" className="text-sm text-amber-700">
          {ids.length - runs.length} of the runs asked for do not exist (deleted?).
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
                      {formatCell(cell.value, row.unit)}{" "}
                      <span className={tone(row, cell.changePct)}>{formatChange(cell.changePct)}</span>
                      {cell.changePct !== null && (runs[i]?.differences.length ?? 0) > 0 && (
                        <span
                          data-testid="conditions-mark"
                          title="conditions differ from the baseline (see above the tables)"
                          className="text-amber-700 dark:text-amber-400"
                        >
                          {CONDITIONS_MARK}
                        </span>
                      )}
                      {cell.spread && cell.spread.n > 1 && (
                        <div className="text-xs text-zinc-500">
                          median {formatCell(cell.spread.median, row.unit)} ·{" "}
                          {formatCell(cell.spread.min, row.unit)}–{formatCell(cell.spread.max, row.unit)} over{" "}
                          {cell.spread.n} runs
                        </div>
                      )}
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
        <PhaseBars
          phases={phaseOrder}
          runs={runs.map((r, i) => ({
            label: `#${i + 1} ${r.topology} ${r.strategy}`,
            seconds: Object.fromEntries(
              Object.entries(phases[i] ?? {}).map(([k, v]) => [k, v === null ? null : v / 1000]),
            ),
          }))}
        />
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
        {snapshots.map((snapshot, i) => (
          <div key={snapshot.runId}>
            <p className="text-sm font-medium">
              #{i + 1} {headers[i]}
            </p>
            <RunTimeline
              run={snapshot}
              criticalPath={runs[i]?.analysis?.criticalPath.services ?? []}
              nowT={axisMs}
            />
          </div>
        ))}
      </section>
      <section className="space-y-2" data-testid="effective-files">
        <h2 className="text-lg font-semibold">What each run really deployed</h2>
        <p className="text-xs text-zinc-500">
          The effective compose files (interpolated, fitted, overrides applied; secrets as ${"{VAR}"}{" "}
          references) of each run against the baseline&apos;s.
        </p>
        {effectiveFiles.slice(1).map((file, i) => {
          const base = effectiveFiles[0];
          return base && file ? (
            <EffectiveDiff key={i} before={base} after={file} label={`#1 → #${i + 2}`} />
          ) : (
            <p key={i} className="text-sm text-zinc-500">
              #1 → #{i + 2}: no stored effective file for {base ? `#${i + 2}` : "the baseline"} (runs before
              this feature).
            </p>
          );
        })}
      </section>
      <section className="space-y-2 text-sm">
        <h2 className="text-lg font-semibold">The guide&apos;s claims, for reference</h2>
        <ul className="text-zinc-600 dark:text-zinc-400">
          {Object.entries(GUIDE_CLAIMS).map(([name, c]) => (
            <li key={name}>
              <span className="italic">claimed</span> for {name}: startup {c.startupSeconds} s, {c.cpus} cores
              / {c.memoryGb} GB allocated, efficiency {c.efficiencyPercent} %, depth {c.maxDepth},{" "}
              {c.relationships} relationships, node addition {c.nodeAdditionSeconds} s
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
};

export default ComparePage;
