// The guide's comparison tables, from measured runs. Pure: the caller passes the runs (first is
// the baseline) and the topology analysis each run's topology name resolves to.
import type { Run } from "@/generated/prisma/client";
import type { TopologyAnalysis } from "@/lib/compose";
import type { StartupSlot } from "@/lib/compose/service-roles";
import type { RunSummaryColumns } from "@/lib/db/run-summaries";
import { csvField } from "@/lib/csv";
import type { ConditionDifference } from "./conditions";
import { formatMs } from "@/lib/format";
import {
  changePercent,
  efficiency,
  phaseOrderOfRuns,
  phaseTimes,
  spread,
  type Spread,
  type TimingRow,
} from "./aggregate";

export type CompareInput = Pick<
  Run,
  | "id"
  | "topology"
  | "strategy"
  | "status"
  | "totalMs"
  | "preparationMs"
  | "readyMs"
  | "dockerHealthyMs"
  | "fitMode"
  | "dataState"
> &
  Omit<RunSummaryColumns, "firstNodeReadyMs" | "regression" | "baselineMedianMs" | "batchId"> & {
    label: string;
    services: TimingRow[];
    /** The run's stored startup layout (service → phase and role); null: by the shipped names. */
    layout?: StartupSlot[] | null;
    /** The first workers added to this deployed cluster (a scale run): ms from the request until they served. */
    nodeAdditionMs: number | null;
    /** The first workers removed from it: ms from the request until drained and gone. */
    nodeRemovalMs: number | null;
    /** A latency test run's figures through the load balancer (null for other runs). */
    latencyP99Ms: number | null;
    latencyMaxMs: number | null;
    latencyErrors: number | null;
    /** "node 27.2 % (weight 27.3 %), …" — who served the test's requests through the load balancer. */
    nodeShares: string | null;
    analysis: TopologyAnalysis | null;
    /** The compose file changed since the run: the dependency rows describe today's file. */
    topologyChanged: boolean;
    /** The chain that decided this run's finish and the bound it implies (see measured-critical-path.ts). */
    measuredPath?: { chain: string; boundMs: number; ratio: number | null } | null;
    /** Totals and phase times of the other runs of its batch, when it was one of "run N times". */
    batch: {
      totals: (number | null)[];
      phases: Record<string, (number | null)[]>;
      /** Repetitions whose conditions differed from the batch's first run (empty: all matched). */
      mismatches: { runId: string; differences: ConditionDifference[] }[];
    } | null;
    /** Conditions in which this run differs from the baseline (empty for the baseline itself). */
    differences: ConditionDifference[];
  };

export type Unit = "ms" | "latency" | "cores" | "bytes" | "ratio" | "count" | "text";
export type Cell = { value: number | string | null; changePct: number | null; spread: Spread | null };
export type Row = { label: string; unit: Unit; lowerIsBetter: boolean | null; cells: Cell[] };
export type Table = { title: string; rows: Row[] };

const row = (
  label: string,
  unit: Unit,
  lowerIsBetter: boolean | null,
  values: (number | string | null)[],
  spreads: (Spread | null)[] = [],
): Row => {
  const base = values[0];
  return {
    label,
    unit,
    lowerIsBetter,
    cells: values.map((value, i) => ({
      value,
      changePct:
        i === 0 || typeof value !== "number" || typeof base !== "number"
          ? null
          : changePercent({ baseline: base, value }),
      spread: spreads[i] ?? null,
    })),
  };
};

/** Measured time until the last service of the topology's critical path was ready. */
const criticalPathMs = (run: CompareInput): number | null => {
  const last = run.analysis?.criticalPath.services.at(-1);
  return run.services.find((s) => s.service === last)?.readyAtMs ?? null;
};

/** Keys of CompareInput holding a measured number (or null). */
type MetricKey = {
  [K in keyof CompareInput]-?: CompareInput[K] extends number | null ? K : never;
}[keyof CompareInput];

/**
 * The guide's three tables (plus latency) for runs, the first being the baseline. `phaseOrder` is
 * the startup rows (the runs' topologies' phases); `phases` the runs' phase times when the caller
 * already has them (else computed here).
 */
export const compareRuns = (
  runs: CompareInput[],
  phaseOrder: readonly string[] = phaseOrderOfRuns(runs),
  phases: Record<string, number | null>[] = runs.map((r) => phaseTimes(r.services, r.layout, phaseOrder)),
): Table[] => {
  const metric = (label: string, unit: Unit, lowerIsBetter: boolean | null, key: MetricKey): Row =>
    row(
      label,
      unit,
      lowerIsBetter,
      runs.map((r) => r[key]),
    );
  const startup: Row[] = [
    ...phaseOrder.map((phase) =>
      row(
        phase,
        "ms",
        true,
        phases.map((p) => p[phase] ?? null),
        runs.map((r) => (r.batch ? spread(r.batch.phases[phase] ?? []) : null)),
      ),
    ),
    row(
      "Total",
      "ms",
      true,
      runs.map((r) => r.totalMs),
      runs.map((r) => (r.batch ? spread(r.batch.totals) : null)),
    ),
    metric("Preparation (request → first container created)", "ms", true, "preparationMs"),
    metric("Ready (request → all ready by their health commands)", "ms", true, "readyMs"),
    metric("Healthy (request → all healthy by Docker)", "ms", true, "dockerHealthyMs"),
    metric("Node addition (request → serving through the load balancer)", "ms", true, "nodeAdditionMs"),
    metric("Node removal (request → drained and gone)", "ms", true, "nodeRemovalMs"),
  ];
  const resources: Row[] = [
    metric("CPU allocated (limits)", "cores", null, "cpuAllocated"),
    metric("RAM allocated (limits)", "bytes", null, "memAllocatedBytes"),
    metric("CPU used, average", "cores", true, "cpuAvgCores"),
    metric("CPU used, peak", "cores", true, "cpuPeakCores"),
    metric("RAM used, average", "bytes", true, "memAvgBytes"),
    metric("RAM used, peak", "bytes", true, "memPeakBytes"),
    row(
      "CPU efficiency (avg used ÷ allocated)",
      "ratio",
      false,
      runs.map((r) => efficiency({ used: r.cpuAvgCores, allocated: r.cpuAllocated })),
    ),
    row(
      "RAM efficiency (avg used ÷ allocated)",
      "ratio",
      false,
      runs.map((r) => efficiency({ used: r.memAvgBytes, allocated: r.memAllocatedBytes })),
    ),
  ];
  const dependencies: Row[] = [
    row(
      "Max dependency depth",
      "count",
      true,
      runs.map((r) => r.analysis?.maxDepth ?? null),
    ),
    row(
      "Dependency relationships",
      "count",
      null,
      runs.map((r) => r.analysis?.relationships.count ?? null),
    ),
    row(
      "Critical path",
      "text",
      null,
      runs.map((r) => r.analysis?.criticalPath.services.join(" → ") ?? null),
    ),
    row("Critical path, measured", "ms", true, runs.map(criticalPathMs)),
    row(
      "Measured critical path (chain that decided the finish)",
      "text",
      null,
      runs.map((r) => r.measuredPath?.chain ?? null),
    ),
    row(
      "Its bound (each link's create → release of the next, summed)",
      "ms",
      true,
      runs.map((r) => r.measuredPath?.boundMs ?? null),
    ),
    row(
      "Time to ready ÷ bound",
      "count",
      true,
      runs.map((r) => r.measuredPath?.ratio ?? null),
    ),
  ];
  const latency: Row[] = [
    metric("p50", "latency", true, "latencyP50Ms"),
    metric("p95", "latency", true, "latencyP95Ms"),
    metric("p99 (latency test)", "latency", true, "latencyP99Ms"),
    metric("max (latency test)", "latency", true, "latencyMaxMs"),
    metric("errors (latency test)", "count", true, "latencyErrors"),
    row(
      "Share served per node (weight share)",
      "text",
      null,
      runs.map((r) => r.nodeShares),
    ),
  ];
  return [
    { title: "Startup time per phase", rows: startup },
    { title: "Resource utilization", rows: resources },
    { title: "Service dependencies", rows: dependencies },
    { title: "Latency through the load balancer", rows: latency },
  ];
};

/** A cell as text with its unit: "35.2 s", "1.75 cores", "6 GiB", "42 %". */
export const formatCell = (value: Cell["value"], unit: Unit): string => {
  if (value === null) return "—";
  if (typeof value === "string") return value;
  switch (unit) {
    case "ms":
      return formatMs(value);
    case "latency":
      return `${value.toFixed(1)} ms`;
    case "cores":
      return `${value.toFixed(2)} cores`;
    case "bytes":
      return `${(value / 2 ** 30).toFixed(2)} GiB`;
    case "ratio":
      return `${(value * 100).toFixed(1)} %`;
    default:
      return String(value);
  }
};

/** "−36.8 %", "+12.0 %" or "". */
export const formatChange = (pct: number | null): string =>
  pct === null ? "" : `${pct > 0 ? "+" : pct < 0 ? "−" : "±"}${Math.abs(pct).toFixed(1)} %`;

/**
 * The tables as Markdown, ready to paste into a report like the guide. With `runs`, a run whose
 * conditions differ from the baseline's gets a † in its column header and a line saying which.
 */
export const comparisonMarkdown = ({
  tables,
  headers,
  runs = [],
}: {
  tables: Table[];
  headers: string[];
  runs?: Pick<CompareInput, "differences">[];
}): string => {
  const marked = headers.map((h, i) => ((runs[i]?.differences.length ?? 0) > 0 ? `${h} †` : h));
  const notes = runs.flatMap((run, i) =>
    run.differences.length === 0
      ? []
      : [
          `- † ${headers[i]} differs from the baseline in ${run.differences.map((d) => `${d.label}: ${d.value} (baseline: ${d.baseline})`).join("; ")}`,
        ],
  );
  const conditions = notes.length > 0 ? `### Conditions that differ\n\n${notes.join("\n")}\n\n` : "";
  return (
    conditions +
    tables
      .map((table) => {
        const head = `| ${table.title} | ${marked.join(" | ")} |\n|---|${marked.map(() => "---").join("|")}|`;
        const body = table.rows.map(
          (r) =>
            `| ${r.label} | ${r.cells.map((c) => `${formatCell(c.value, r.unit)}${c.changePct === null ? "" : ` (${formatChange(c.changePct)})`}`).join(" | ")} |`,
        );
        return `### ${table.title}\n\n${head}\n${body.join("\n")}\n`;
      })
      .join("\n")
  );
};

/** The tables as CSV: table, row, then one raw value and change % per run. */
export const comparisonCsv = ({ tables, headers }: { tables: Table[]; headers: string[] }): string => {
  const head = ["table", "row", "unit", ...headers.flatMap((h) => [h, `${h} change %`])]
    .map(csvField)
    .join(",");
  const lines = tables.flatMap((t) =>
    t.rows.map((r) =>
      [
        t.title,
        r.label,
        r.unit,
        ...r.cells.flatMap((c) => [
          c.value === null ? "" : String(c.value),
          c.changePct === null ? "" : c.changePct.toFixed(2),
        ]),
      ]
        .map(csvField)
        .join(","),
    ),
  );
  return `${[head, ...lines].join("\n")}\n`;
};
