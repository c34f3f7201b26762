// The analysis report as Markdown: every figure with its conditions and links to its runs (paths
// relative to the panel, so the file reads the same wherever the panel is served). Pure.
import { formatBytes, formatCpus, formatMs } from "@/lib/format";
import type { AnalysisReport, FigureConditions, Recommendation, RunLink } from "./types";

const pct = (ratio: number | null) => (ratio === null ? "—" : `${Math.round(ratio * 100)} %`);
const runLinks = (runs: RunLink[]) => runs.map((r) => `[${r.id}](${r.href})`).join(", ");

/** One line naming the conditions of a figure and the runs it came from. */
export const conditionsLine = (c: FigureConditions): string =>
  `_Conditions: host ${c.host}; engine ${c.engine}; fit ${c.fitMode}; data ${c.dataState}; strategy ${c.strategy}; n = ${c.n}. Runs: ${runLinks(c.runs)}._`;

const table = (head: string[], rows: string[][]): string[] => [
  `| ${head.join(" | ")} |`,
  `| ${head.map(() => "---").join(" | ")} |`,
  ...rows.map((r) => `| ${r.join(" | ")} |`),
];

const architecture = (r: AnalysisReport): string[] => {
  const a = r.architecture;
  const lines = ["## Architecture", "", "### Networks (segments)", ""];
  lines.push(
    ...table(
      ["network", "driver", "internal", "subnets", "services"],
      a.networks.map((n) => [
        n.name,
        n.driver,
        n.internal ? "yes" : "no",
        n.subnets.join(", ") || "—",
        n.services.join(", "),
      ]),
    ),
  );
  lines.push("", "### Published on the host", "");
  lines.push(
    ...(a.published.length === 0
      ? ["Nothing is published on the host."]
      : table(
          ["service", "host address", "host port", "container port"],
          a.published.map((p) => [
            p.service,
            p.hostIp || "0.0.0.0",
            String(p.hostPort ?? "ephemeral"),
            `${p.containerPort}/${p.protocol}`,
          ]),
        )),
  );
  lines.push("", "### Load balancer", "");
  const lb = a.loadBalancer;
  lines.push(
    ...(lb
      ? [
          `${lb.service} sends upstream \`${lb.upstream}\` (${lb.source === "generated" ? "the upstream the panel generated at the last deploy" : "the topology's own nginx file"}) to:`,
          "",
          ...table(
            ["target", "port", "weight", "share of requests by weight"],
            lb.targets.map((t) => [t.service, String(t.port), String(t.weight), `${t.sharePct} %`]),
          ),
        ]
      : ["No load balancer found in this topology."]),
  );
  lines.push("", "### Services sharing a network", "");
  lines.push(...a.shared.map((s) => `- ${s.services[0]} ↔ ${s.services[1]}: ${s.networks.join(", ")}`));
  return lines;
};

const bottlenecks = (r: AnalysisReport): string[] => {
  const b = r.bottlenecks;
  const lines = ["## Bottlenecks", ""];
  if (!b)
    return [
      ...lines,
      r.notMeasured ?? "",
      "",
      `Static critical path (not measured): ${r.staticPath.join(" → ")}`,
    ];
  lines.push(
    `Measured critical path: **${b.links.map((l) => l.service).join(" → ")}** — bound ${formatMs(b.boundMs)}, time to ready ${formatMs(b.totalMs)}.`,
    "",
    conditionsLine(b.conditions),
    "",
    ...table(
      [
        "link",
        "adds",
        "waiting (run start → created)",
        "starting (created → ready)",
        "ready at",
        "CPU avg / peak / limit",
        "throttled",
        "memory peak / limit (headroom)",
      ],
      b.links.map((l) => [
        l.waitedFor ? `${l.service} (after ${l.waitedFor})` : l.service,
        formatMs(l.contributesMs),
        formatMs(l.waitingMs),
        formatMs(l.startingMs),
        formatMs(l.readyAtMs),
        `${formatCpus(l.cpuAvgCores)} / ${formatCpus(l.cpuPeakCores)} / ${l.cpuLimitCores === null ? "no limit" : formatCpus(l.cpuLimitCores)}`,
        l.throttledRatio !== null
          ? `${pct(l.throttledRatio)} of periods (${formatMs(l.throttledMs)})`
          : l.throttledMs !== null
            ? "never (no CPU quota)"
            : "not read",
        `${formatBytes(l.memoryPeakBytes)} / ${formatBytes(l.memoryLimitBytes)} (${pct(l.memoryHeadroomRatio)})`,
      ]),
    ),
  );
  const v = r.vsBottlenecks;
  if (r.vs)
    lines.push(
      "",
      v
        ? `Compared with ${r.vs}: measured path **${v.links.map((l) => l.service).join(" → ")}** — bound ${formatMs(v.boundMs)}, time to ready ${formatMs(v.totalMs)}. ${conditionsLine(v.conditions)}`
        : `Compared with ${r.vs}: no healthy deploy of it is stored.`,
    );
  if (b.throttledOffPath.length > 0)
    lines.push(
      "",
      `Throttled but off the critical path (no recommendation: faster starts there would not shorten the startup): ${b.throttledOffPath.map((t) => `${t.service} ${pct(t.throttledRatio)}`).join(", ")}.`,
    );
  return lines;
};

/** The CLI command that deploys the topology with a recommendation's limits (the API's `limits` field). */
export const applyCommand = ({ name, rec }: { name: string; rec: Recommendation }): string => {
  const limits = Object.entries(rec.apply.limits).flatMap(([service, limit]) => [
    ...(limit.cpus !== undefined ? [`--limit ${service}.cpus=${limit.cpus}`] : []),
    ...(limit.memoryBytes !== undefined ? [`--limit ${service}.memory=${limit.memoryBytes}`] : []),
  ]);
  return `npx ollamamax deploy --topology ${name} --strategy ${rec.conditions.strategy} ${limits.join(" ")}`;
};

const recommendations = (r: AnalysisReport): string[] => {
  const lines = ["## Recommendations", ""];
  if (r.recommendations.length === 0)
    return [
      ...lines,
      r.bottlenecks
        ? "None: no service on the measured path was throttled or short of memory."
        : "None until a run is measured.",
    ];
  for (const rec of r.recommendations)
    lines.push(
      `### ${rec.title}`,
      "",
      `- Measured: ${rec.trigger}.`,
      `- Change: \`${rec.change}\``,
      `- Apply to the next deploy without editing the file: \`${applyCommand({ name: r.name, rec })}\``,
      rec.predicted
        ? `- Predicted effect: critical path ${formatMs(rec.predicted.pathMs)} (${formatMs(rec.predicted.savedMs)} shorter) — ${rec.predicted.model}.`
        : "- Predicted effect on startup: not modelled (this removes a risk of an out-of-memory kill).",
      `- ${conditionsLine(rec.conditions)}`,
      "",
    );
  return lines;
};

const risks = (r: AnalysisReport): string[] => [
  "## Risks",
  "",
  ...(r.risks.length === 0
    ? ["None found."]
    : table(
        ["risk", "service", "on the critical path", "detail"],
        r.risks.map((k) => [k.kind, k.service, k.onCriticalPath ? "yes" : "no", k.detail]),
      )),
];

const improvement = (r: AnalysisReport): string[] => {
  const e = r.expectedImprovement;
  const lines = ["## Expected improvement", ""];
  if (e.measured) {
    const v = e.evidence;
    const ci = v.ci ? ` (95 % interval ${v.ci[0].toFixed(2)}–${v.ci[1].toFixed(2)})` : "";
    lines.push(
      `Measured by experiment [${v.name}](${v.href}): ${v.variantLabel} ÷ ${v.baselineLabel} time to ready = ${v.ratio.toFixed(2)}${ci}, n = ${v.n} vs ${v.baselineN}. ${v.sentence}`,
      "",
      `_Conditions: ${v.conditions}. Runs: ${runLinks(v.runs)}._`,
    );
  } else lines.push(`Not measured. Measure it with:`, "", "```", e.command, "```");
  lines.push(
    "",
    "The guide's claims (claims, not measurements):",
    "",
    ...e.claims.map((c) => `- Claim: ${c.text} (ratio ${c.ratio.toFixed(2)})`),
  );
  return lines;
};

/** The report as one Markdown document. */
export const reportMarkdown = (r: AnalysisReport): string =>
  [
    `# Analysis report: ${r.name}${r.vs ? ` (vs ${r.vs})` : ""}`,
    "",
    `Generated ${r.generatedAt} from stored runs.`,
    "",
    ...architecture(r),
    "",
    ...bottlenecks(r),
    "",
    ...recommendations(r),
    "",
    ...risks(r),
    "",
    ...improvement(r),
    "",
  ].join("\n");
