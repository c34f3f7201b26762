import { csvField } from "@/lib/csv";
import type { RunDetail } from "@/lib/db/runs";

const COLUMNS = [
  "service",
  "phase",
  "state",
  "createdAtMs",
  "startedAtMs",
  "runningAtMs",
  "readyAtMs",
  "dockerHealthyAtMs",
  "removedAtMs",
] as const;

/** A run's service timings as CSV (ms since the run started), with the run's facts as the first rows. */
export const runExportCsv = (run: RunDetail): string => {
  const facts = [
    ["run", run.id],
    ["topology", run.topology],
    ["strategy", run.strategy],
    ["status", run.status],
    ["startedAt", run.startedAt.toISOString()],
    ["totalMs", String(run.totalMs ?? "")],
  ].map((f) => `# ${f.map(csvField).join(",")}`);
  const rows = run.services.map((s) => COLUMNS.map((c) => csvField(String(s[c] ?? ""))).join(","));
  return `${[...facts, COLUMNS.join(","), ...rows].join("\n")}\n`;
};
