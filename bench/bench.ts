// `npm run bench [-- --quick] [--only deploy,probe,stats,history,stats-history,seed,prediction] [--reps N] [--report name]`: the panel's numbers
// against docker-compose's and the seed's claims, measured in one run on this machine, written to
// bench/reports/latest.md and latest.json. It deploys the shipped topologies (fixed names and
// ports), so `npm run bench` holds /tmp/ollamamax-cluster.lock for its whole run.
// Not part of `npm test`: it takes minutes (quick) to an hour (full) and wants a quiet machine.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const onlyAt = args.indexOf("--only");
const only = onlyAt >= 0 ? new Set((args[onlyAt + 1] ?? "").split(",")) : null;
const wants = (section: string) => only === null || only.has(section);
const outDir = path.resolve("bench", "reports");
const valueOf = (flag: string): string | undefined =>
  args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined;
const reportName = valueOf("--report") ?? "latest";
const repsOverride = valueOf("--reps") === undefined ? undefined : Number(valueOf("--reps"));

// A scratch database: the bench's runs never mix with the panel's own history.
const scratch = mkdtempSync(path.join(tmpdir(), "ollamamax-bench-db-"));
process.env.DATABASE_URL = `file:${path.join(scratch, "bench.db")}`;
execFileSync("npx", ["prisma", "migrate", "deploy"], { stdio: "ignore", env: process.env });

const { ensureClusterSecrets, createPanel } = await import("./lib/panel");
const { machineFacts } = await import("./lib/machine");
const { reportMarkdown } = await import("./lib/report");
const { explainTargets } = await import("./lib/explain");
const { deploySection } = await import("./sections/deploy");
const { seedSection } = await import("./sections/seed");
const { otherBenchesSection } = await import("./sections/other-benches");
const { probeSection } = await import("./sections/probe-cost");
const { predictionSection } = await import("./sections/prediction");
const { statsHistorySection } = await import("./sections/stats-history");
type Report = import("./lib/report").Report;

ensureClusterSecrets(scratch);
const composeVersion = (() => {
  try {
    return execFileSync("/usr/bin/docker-compose", ["version", "--short"], { encoding: "utf8" }).trim();
  } catch {
    return null;
  }
})();
const machine = await machineFacts(composeVersion ? `docker-compose ${composeVersion}` : null);
const report: Report = {
  generatedAt: new Date().toISOString(),
  command: `npm run bench${args.length ? ` -- ${args.join(" ")}` : ""}`,
  quick,
  machine,
  // Said only when the start showed other work: a quiet run's figures are the ones to quote.
  notes:
    (machine.loadAverage[0] ?? 0) > machine.cores / 2 || machine.otherContainers > 0
      ? [
          `Provisional: the machine was busy when the bench started (load ${machine.loadAverage[0]} on ${machine.cores} cores, ${machine.otherContainers} other containers); rerun on a quiet host for figures to quote.`,
        ]
      : [],
  targets: [],
  tables: [],
  details: {},
  extraMarkdown: {},
};
const panel = createPanel();
const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const save = () => {
  explainTargets(report);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, `${reportName}.json`), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(outDir, `${reportName}.md`), reportMarkdown(report));
};

try {
  const context = { panel, report, quick, reps: repsOverride, log, save };
  if (wants("deploy")) await deploySection(context);
  if (wants("probe")) await probeSection(context);
  if (wants("stats") || wants("history"))
    await otherBenchesSection({ ...context, stats: wants("stats"), history: wants("history") });
  if (wants("seed")) await seedSection(context);
  // The resource history's store (docs/HISTORY.md): no Docker, a minute or two of database work.
  if (wants("stats-history")) await statsHistorySection(context);
  // Many deploys: only when asked by name.
  if (only?.has("prediction")) await predictionSection(context);
} finally {
  save();
  panel.stop();
  // The reports are committed: formatted like every other file (npm test checks it).
  execFileSync(
    "npx",
    ["prettier", "--write", path.join(outDir, `${reportName}.md`), path.join(outDir, `${reportName}.json`)],
    {
      stdio: "ignore",
    },
  );
  log(`report written to ${path.relative(process.cwd(), outDir)}/${reportName}.md and .json`);
}
process.exit(0);
