// The Compare page's view model: which of the asked runs are compared and why others are left out,
// every table cell as it reads, the phase bars, the timelines on one axis and the effective-file
// diffs against the baseline, so the page only lays them out.
import { CLAIMED_FIGURES } from "@/lib/catalog/claimed-figures";
import type { EnvironmentView } from "@/lib/db/environments";
import { runIdsOn } from "@/lib/db/runs";
import { formatCell, formatChange, type Row } from "./compare";
import { environmentFilterOf } from "./environment-view";
import { loadComparison, type Comparison } from "./load-comparison";
import { storedSnapshot } from "./stored-snapshot";

/** Whether a change goes the better way for its row, the worse way, or neither (no change, no baseline). */
export type ChangeDirection = "better" | "worse" | "none";

/** One cell of a compare table, as the page writes it. */
export type CompareCell = {
  /** The raw value and change (the page's data- attributes, read by the e2e tests). */
  value: number | string | null;
  changePct: number | null;
  text: string;
  changeText: string;
  direction: ChangeDirection;
  /** The run's conditions differ from the baseline's: its changes carry a mark. */
  conditionsDiffer: boolean;
  /** "median 12.3 s · 11.0 s–14.1 s over 5 runs" for a run of a batch, else null. */
  spreadText: string | null;
};

/** Better when the change goes the way the row prefers (lower or higher), worse the other way. */
export const changeDirection = (row: Pick<Row, "lowerIsBetter">, pct: number | null): ChangeDirection =>
  pct === null || row.lowerIsBetter === null || pct === 0
    ? "none"
    : pct < 0 === row.lowerIsBetter
      ? "better"
      : "worse";

/** A table row's cells as the page writes them (`differs[i]`: run i's conditions differ from the baseline's). */
export const compareCells = (row: Row, differs: boolean[]): CompareCell[] =>
  row.cells.map((cell, i) => ({
    value: cell.value,
    changePct: cell.changePct,
    text: formatCell(cell.value, row.unit),
    changeText: formatChange(cell.changePct),
    direction: changeDirection(row, cell.changePct),
    conditionsDiffer: cell.changePct !== null && (differs[i] ?? false),
    spreadText:
      cell.spread && cell.spread.n > 1
        ? `median ${formatCell(cell.spread.median, row.unit)} · ${formatCell(cell.spread.min, row.unit)}–${formatCell(cell.spread.max, row.unit)} over ${cell.spread.n} runs`
        : null,
  }));

/** Each later run's effective file against the baseline's, or why there is nothing to diff. */
export const effectiveDiffs = (
  files: (string | null)[],
): ({ label: string; before: string; after: string } | { label: string; missing: string })[] => {
  const [base] = files;
  return files.slice(1).map((file, i) => {
    const label = `#1 → #${i + 2}`;
    return base && file
      ? { label, before: base, after: file }
      : {
          label,
          missing: `no stored effective file for ${base ? `#${i + 2}` : "the baseline"} (runs before this feature).`,
        };
  });
};

/** The guide's claimed figures, one line each (always shown as claims, never as measurements). */
export const guideClaimLines = (): { name: string; text: string }[] =>
  Object.entries(CLAIMED_FIGURES).map(([name, c]) => ({
    name,
    text: `for ${name}: startup ${c.startupSeconds} s, ${c.cpus} cores / ${c.memoryGb} GB allocated, efficiency ${c.efficiencyPercent} %, depth ${c.maxDepth}, ${c.relationships} relationships, node addition ${c.nodeAdditionSeconds} s`,
  }));

/** What the page shows of a comparison of `asked` runs (`ids`: those on the chosen environment). */
export const comparePageOf = ({ ids, comparison }: { ids: string[]; comparison: Comparison }) => {
  const { runs, tables, headers, stored, phases, phaseOrder, effectiveFiles } = comparison;
  const differs = runs.map((r) => r.differences.length > 0);
  const query = ids.join(",");
  return {
    runs,
    headers,
    baselineHeader: headers[0] ?? "",
    exports: (["md", "csv", "json"] as const).map((format) => ({
      format,
      label: { md: "Markdown", csv: "CSV", json: "JSON" }[format],
      href: `/api/compare?ids=${query}&format=${format}`,
    })),
    changedTopologies: runs.filter((r) => r.topologyChanged).map((r) => r.label),
    missing: ids.length - runs.length,
    tables: tables.map((table) => ({
      title: table.title,
      rows: table.rows.map((row) => ({ label: row.label, cells: compareCells(row, differs) })),
    })),
    phaseOrder,
    phaseRuns: runs.map((r, i) => ({
      label: `#${i + 1} ${r.topology} ${r.strategy}`,
      seconds: Object.fromEntries(
        Object.entries(phases[i] ?? {}).map(([phase, ms]) => [phase, ms === null ? null : ms / 1000]),
      ),
    })),
    // One time axis for all timelines: the longest run's.
    axisMs: Math.max(1, ...runs.map((r) => r.totalMs ?? 0)),
    timelines: stored.map((run, i) => ({
      snapshot: storedSnapshot(run),
      header: headers[i] ?? "",
      criticalPath: runs[i]?.analysis?.criticalPath.services ?? [],
    })),
    effectiveDiffs: effectiveDiffs(effectiveFiles),
    guideClaims: guideClaimLines(),
  };
};

/**
 * Everything the Compare page shows for `?ids=a,b,…` (first = baseline) and `&environment=<name>`
 * (only the runs made on that engine; `environments` names them). Fewer than two runs: only how
 * many were left out.
 */
export const loadComparePage = async ({
  search,
  environments,
}: {
  search: { ids?: string; environment?: string };
  environments: Pick<EnvironmentView, "id" | "name">[];
}) => {
  const asked = (search.ids ?? "").split(",").filter(Boolean);
  const environmentId = search.environment
    ? environmentFilterOf(environments, search.environment)
    : undefined;
  const ids = environmentId === undefined ? asked : await runIdsOn({ ids: asked, environmentId });
  const leftOut = asked.length - ids.length;
  if (ids.length < 2) return { leftOut, compared: null };
  return { leftOut, compared: comparePageOf({ ids, comparison: await loadComparison(ids) }) };
};
export type ComparePageModel = NonNullable<Awaited<ReturnType<typeof loadComparePage>>["compared"]>;
