// `flock /tmp/ollamamax-cluster.lock npx tsx bench/trace-deploy.ts [strategy] [topology]`: one
// deploy and one teardown of a shipped topology, printing every step and every run event in ms
// since the request, to find where a run's time goes before and between its containers' starts.
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

process.env.OLLAMAMAX_TRACE = "1";
const strategy = (process.argv[2] ?? "dag") as "dag" | "phased" | "sequential";
const topology = process.argv[3] ?? "optimized";
const scratch = mkdtempSync(path.join(tmpdir(), "ollamamax-trace-db-"));
process.env.DATABASE_URL = `file:${path.join(scratch, "trace.db")}`;
execFileSync("npx", ["prisma", "migrate", "deploy"], { stdio: "ignore", env: process.env });

const { ensureClusterSecrets, createPanel } = await import("./lib/panel");
const { getDeployBus } = await import("@/lib/deploy/bus");
const { takeTrace } = await import("@/lib/deploy/trace");

ensureClusterSecrets(scratch);
const panel = createPanel();
let requestedAt = 0;
const lines: { atMs: number; line: string }[] = [];
getDeployBus().subscribe((event) => {
  if (event.type === "log" && event.stream !== "panel") return;
  if (event.type === "docker_health") return;
  const rest: Record<string, unknown> = { ...event };
  for (const key of ["type", "runId", "project", "t", "at"]) delete rest[key];
  lines.push({
    atMs: performance.now() - requestedAt,
    line: `${event.type} ${JSON.stringify(rest).slice(0, 140)}`,
  });
});
const print = (title: string) => {
  const steps = takeTrace().map((m) => ({ atMs: m.atMs - requestedAt, line: `· ${m.label}` }));
  console.log(`\n== ${title}`);
  for (const { atMs, line } of [...steps, ...lines.splice(0)].sort((a, b) => a.atMs - b.atMs))
    console.log(`${atMs.toFixed(0).padStart(7)} ms  ${line}`);
};

await panel.teardown({ topology, coldData: false });
takeTrace();
lines.splice(0);
requestedAt = performance.now();
const run = await panel.deploy({ topology, strategy, fit: "clamp", freshData: false });
print(`deploy ${strategy}: ${run.status}, ready ${run.requestToReadyMs} ms`);
console.log(
  run.criticalPath?.links
    .map((l) => `${l.service} created ${l.createdAtMs} ready ${l.readyAtMs} (+${l.contributesMs})`)
    .join("\n"),
  `\nbound ${run.criticalPath?.boundMs} ratio ${run.criticalPath?.ratio}`,
);
requestedAt = performance.now();
const down = await panel.teardown({ topology, coldData: false });
print(`teardown: ${down.status}, ${down.wallMs} ms`);
panel.stop();
process.exit(0);
