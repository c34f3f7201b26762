// The bench report: one JSON document and its Markdown rendering.
import { formatSpreadSeconds, type Spread } from "./stats";
import type { Machine } from "./machine";

export type Target = {
  name: string;
  value: number | null;
  target: string;
  pass: boolean | null;
  why?: string;
};
export type TimedRow = { label: string; spread: Spread; conditions: string; samples: (number | null)[] };

export type Report = {
  generatedAt: string;
  command: string;
  quick: boolean;
  machine: Machine;
  notes: string[];
  targets: Target[];
  /** Section title → rows of medians with spread. */
  tables: { title: string; description: string; rows: TimedRow[] }[];
  /** Free-form extra figures per section (critical paths, probe costs, raw outputs). */
  details: Record<string, unknown>;
  /** Section title → Markdown lines added verbatim (e.g. parsed outputs of other benches). */
  extraMarkdown: Record<string, string[]>;
};

const GiB = 2 ** 30;

/** The report as Markdown. */
export const reportMarkdown = (report: Report): string => {
  const m = report.machine;
  const lines = [
    `# Bench report — ${report.generatedAt}`,
    "",
    `Command: \`${report.command}\`${report.quick ? " (quick: 1 repetition, fewer sizes)" : ""}`,
    "",
    "## Machine",
    "",
    `- CPU: ${m.cpuModel}, ${m.cores} cores; memory ${(m.memoryBytes / GiB).toFixed(1)} GiB; ${m.kernel}`,
    `- Docker Engine ${m.engineVersion ?? "?"}; ${m.composeVersion ?? "docker-compose ?"}`,
    `- Load average at start: ${m.loadAverage.join(" / ")}; other running containers: ${m.otherContainers}`,
    "",
    ...report.notes.map((n) => `> ${n}`),
    "",
    "## Targets (as measured, pass or not)",
    "",
    "| target | measured | goal | result |",
    "|---|---|---|---|",
    ...report.targets.map(
      (t) =>
        `| ${t.name} | ${t.value === null ? "—" : t.value.toFixed(3)} | ${t.target} | ${t.pass === null ? "not measured" : t.pass ? "pass" : "missed"} |`,
    ),
    "",
    ...report.targets.filter((t) => t.why).map((t) => `- **${t.name}**: ${t.why}`),
    "",
  ];
  for (const table of report.tables) {
    lines.push(
      `## ${table.title}`,
      "",
      table.description,
      "",
      "| measurement | median (min–max, n) | conditions |",
      "|---|---|---|",
    );
    for (const row of table.rows)
      lines.push(`| ${row.label} | ${formatSpreadSeconds(row.spread)} | ${row.conditions} |`);
    lines.push("", ...(report.extraMarkdown[table.title] ?? []), "");
  }
  for (const [title, extra] of Object.entries(report.extraMarkdown))
    if (!report.tables.some((t) => t.title === title)) lines.push(`## ${title}`, "", ...extra, "");
  return `${lines.join("\n").replace(/\n{3,}/g, "\n\n")}\n`;
};
