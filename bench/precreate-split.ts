// `flock /tmp/ollamamax-cluster.lock npx tsx bench/precreate-split.ts [reps] [compose-reps]`: dag
// deploys of the optimized topology (warm data), printing per container how its time splits between
// create (+ network connects + log follow: panel created → started) and start (released → started,
// once containers are created ahead of their gates; started → running), by the panel's clock and
// Docker's; the run's time to ready and measured critical-path bound; then `docker-compose up -d`
// on the same effective file until all healthy. Provisional figures (say the load average).
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";

const reps = Number(process.argv[2] ?? 3);
const composeReps = Number(process.argv[3] ?? 0);
const scratch = mkdtempSync(path.join(tmpdir(), "ollamamax-split-db-"));
process.env.DATABASE_URL = `file:${path.join(scratch, "split.db")}`;
execFileSync("npx", ["prisma", "migrate", "deploy"], { stdio: "ignore", env: process.env });

const { ensureClusterSecrets, createPanel } = await import("./lib/panel");
const { getRunDetail } = await import("@/lib/db/runs");
const { composeDown, composeUp, removeComposeFiles, writeComposeFiles } = await import("./lib/compose");

const TOPOLOGY = "optimized";
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
const fmt = (v: number | null | undefined) => (v == null ? "-" : Math.round(v).toString());
ensureClusterSecrets(scratch);
const panel = createPanel();
await panel.teardown({ topology: TOPOLOGY, coldData: false });
let reference: Awaited<ReturnType<typeof panel.deploy>> | null = null;
for (let rep = 0; rep < reps; rep += 1) {
  const loadBefore = load();
  const run = await panel.deploy({ topology: TOPOLOGY, strategy: "dag", fit: "clamp", freshData: false });
  reference ??= run;
  const detail = await getRunDetail(run.runId);
  console.log(
    `\n== dag #${rep + 1}: ${run.status}, request→ready ${fmt(run.requestToReadyMs)} ms, run ready ${fmt(run.totalMs)} ms, bound ${fmt(run.criticalPath?.boundMs)} ms, ratio ${run.criticalPath?.ratio}, load ${loadBefore}`,
  );
  console.log(
    "service".padEnd(18),
    "created released started  running  ready | eng.created eng.started | create→start released→start start→running running→ready | eng create→start",
  );
  const sums = { createToStart: 0, startToRunning: 0, engine: 0, n: 0 };
  for (const s of detail?.services ?? []) {
    // releasedAtMs exists from pre-creation on: absent ("-") on a tree without it.
    const d = s as typeof s & {
      engineCreatedAtMs: number | null;
      engineStartedAtMs: number | null;
      releasedAtMs?: number | null;
    };
    const released = d.releasedAtMs ?? null;
    const rs =
      released !== null && s.startedAtMs !== null && s.createdAtMs !== null
        ? s.startedAtMs - Math.max(released, s.createdAtMs)
        : null;
    const cs = s.startedAtMs !== null && s.createdAtMs !== null ? s.startedAtMs - s.createdAtMs : null;
    const sr = s.runningAtMs !== null && s.startedAtMs !== null ? s.runningAtMs - s.startedAtMs : null;
    const rr = s.readyAtMs !== null && s.runningAtMs !== null ? s.readyAtMs - s.runningAtMs : null;
    const ecs =
      d.engineStartedAtMs !== null && d.engineCreatedAtMs !== null
        ? d.engineStartedAtMs - d.engineCreatedAtMs
        : null;
    if (cs !== null && sr !== null && ecs !== null) {
      sums.createToStart += cs;
      sums.startToRunning += sr;
      sums.engine += ecs;
      sums.n += 1;
    }
    console.log(
      s.service.padEnd(18),
      [s.createdAtMs, released, s.startedAtMs, s.runningAtMs, s.readyAtMs]
        .map((v) => fmt(v).padStart(7))
        .join(" "),
      "|",
      [d.engineCreatedAtMs, d.engineStartedAtMs].map((v) => fmt(v).padStart(11)).join(" "),
      "|",
      [cs, rs, sr, rr].map((v) => fmt(v).padStart(12)).join(" "),
      "|",
      fmt(ecs).padStart(8),
    );
  }
  if (sums.n > 0)
    console.log(
      `mean per container: created→started ${fmt(sums.createToStart / sums.n)} ms, started→running ${fmt(sums.startToRunning / sums.n)} ms, engine created→started ${fmt(sums.engine / sums.n)} ms`,
    );
  console.log(
    "critical path:",
    run.criticalPath?.links
      .map((l) => `${l.service} (${fmt(l.createdAtMs)}→${fmt(l.readyAtMs)}, +${fmt(l.contributesMs)})`)
      .join(" → "),
  );
  await panel.teardown({ topology: TOPOLOGY, coldData: false });
}
if (composeReps > 0 && reference?.effectiveFile) {
  const files = writeComposeFiles({
    effectiveFile: reference.effectiveFile,
    secrets: reference.secrets,
    project: reference.project,
  });
  const services = (reference.effectiveFile.match(/^ {4}container_name:/gm) ?? []).length;
  for (let rep = 0; rep < composeReps; rep += 1) {
    const loadBefore = load();
    const up = await composeUp({ files, services });
    await composeDown({ files, volumes: false });
    console.log(
      `docker-compose #${rep + 1}: all healthy ${fmt(up.allHealthyMs)} ms (up -d returned ${fmt(up.upReturnedMs)} ms), load ${loadBefore}`,
    );
  }
  removeComposeFiles(files);
}
panel.stop();
process.exit(0);
