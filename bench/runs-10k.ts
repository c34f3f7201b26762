// Seeds N runs (default 10,000; 10 services and 5 phases each) into a scratch SQLite database, then
// times the runs-list and compare queries and the rendered /runs, /compare and run pages of a real
// panel (median, nearest-rank p95 and max of 20 requests each).
// Usage: npx tsx bench/runs-10k.ts [runs=10000] [--json <file>]   (needs `npm run build` first; uses a
// free port). --json also writes the timings as JSON (what `npm run bench` reads).
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";

const jsonAt = process.argv.indexOf("--json");
const JSON_FILE = jsonAt > 0 ? process.argv[jsonAt + 1] : undefined;
const positional = process.argv.slice(2).filter((arg, i, all) => arg !== "--json" && all[i - 1] !== "--json");
const RUNS = Number(positional[0] ?? 10_000);
const timings: { label: string; medianMs: number; p95Ms: number; maxMs: number; times: number }[] = [];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ollamamax-bench-"));
const file = path.join(dir, "bench.db");
const url = `file:${file}`;
const SERVICES = [
  "postgres",
  "redis",
  "minio",
  "prometheus",
  "grafana",
  "jaeger",
  "ollama-node-1",
  "ollama-node-2",
  "ollama-node-3",
  "load-balancer",
];

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
const time = async (label: string, times: number, fn: () => Promise<unknown>): Promise<void> => {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const began = performance.now();
    await fn();
    ms.push(performance.now() - began);
  }
  ms.sort((a, b) => a - b);
  const medianMs = ms[Math.floor(ms.length / 2)] ?? 0;
  // The nearest-rank 95th percentile (of 20: the 19th).
  const p95Ms = ms[Math.max(0, Math.ceil(ms.length * 0.95) - 1)] ?? 0;
  timings.push({ label, medianMs, p95Ms, maxMs: ms.at(-1) ?? 0, times });
  console.log(
    `${label.padEnd(44)} median ${medianMs.toFixed(1)} ms · p95 ${p95Ms.toFixed(1)} ms · max ${ms.at(-1)?.toFixed(1)} ms (${times}×)`,
  );
};

execFileSync("npx", ["prisma", "migrate", "deploy"], {
  env: { ...process.env, DATABASE_URL: url },
  stdio: "ignore",
});
const db = new Database(file);
const seedBegan = performance.now();
const insertRun = db.prepare(
  `insert into Run (id, topology, strategy, status, startedAt, finishedAt, kind, project, totalMs, firstNodeReadyMs, cpuAllocated, memAllocatedBytes, cpuAvgCores, cpuPeakCores, memAvgBytes, memPeakBytes, latencyP50Ms, latencyP95Ms, regression)
   values (?, ?, ?, ?, ?, ?, 'deploy', ?, ?, ?, 1.8, 21474836480, ?, ?, 300000000, 400000000, 2.5, 20, ?)`,
);
const insertService = db.prepare(
  "insert into ServiceTiming (runId, service, container, phase, state, createdAtMs, startedAtMs, runningAtMs, readyAtMs) values (?, ?, ?, ?, 'healthy', ?, ?, ?, ?)",
);
const insertPhase = db.prepare(
  "insert into PhaseTiming (runId, \"index\", name, services, startedAtMs, readyAtMs) values (?, ?, ?, '[]', ?, ?)",
);
db.transaction(() => {
  for (let i = 0; i < RUNS; i++) {
    const id = `bench-${i.toString().padStart(7, "0")}`;
    const topology = i % 2 ? "optimized" : "original";
    const strategy = ["sequential", "phased", "dag"][i % 3] as string;
    const total = 20_000 + (i % 97) * 300;
    const started = Date.UTC(2026, 0, 1) + i * 60_000;
    insertRun.run(
      id,
      topology,
      strategy,
      i % 50 === 0 ? "failed" : "healthy",
      started,
      started + total,
      topology,
      total,
      total * 0.6,
      0.2 + (i % 7) / 10,
      0.5,
      i % 13 === 0 ? 1 : 0,
    );
    SERVICES.forEach((service, k) =>
      insertService.run(
        id,
        service,
        `${service}-x`,
        "p",
        k * 1000,
        k * 1000 + 50,
        k * 1000 + 100,
        k * 1000 + 2000 + (i % 11) * 100,
      ),
    );
    for (let p = 0; p < 5; p++) insertPhase.run(id, p, `phase-${p}`, p * 4000, p * 4000 + 3000);
  }
})();
db.close();
console.log(
  `seeded ${RUNS} runs, ${RUNS * SERVICES.length} service timings, ${RUNS * 5} phase timings in ${((performance.now() - seedBegan) / 1000).toFixed(1)} s (${(fs.statSync(file).size / 2 ** 20).toFixed(1)} MiB)`,
);

process.env.DATABASE_URL = url;
const { listRuns, getRunsForCompare } = await import("../lib/db/runs");
const { loadComparison } = await import("../lib/runs/load-comparison");
await time("query: runs list, page 1", 20, () => listRuns({ page: 1 }));
await time("query: runs list, page 150, filtered", 20, () =>
  listRuns({ page: 150, pageSize: 50, filters: { topology: "optimized", strategy: "dag" } }),
);
// The oldest run but one and the newest but one (the ids the seed writes).
const last = `bench-${(RUNS - 2).toString().padStart(7, "0")}`;
await time("query: compare 2 runs", 20, () => getRunsForCompare(["bench-0000001", last]));
await time("comparison model (2 runs, with analysis)", 20, () => loadComparison(["bench-0000001", last]));

// The real pages, rendered by a production panel on this database (only with a build).
if (!fs.existsSync(path.join(".next", "BUILD_ID"))) {
  console.log("pages not measured: no production build (run `npm run build` first)");
  if (JSON_FILE)
    fs.writeFileSync(JSON_FILE, `${JSON.stringify({ runs: RUNS, timings, pages: false }, null, 2)}\n`);
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
const port = await freePort();
const password = "bench-password-123";
const server = spawn("npx", ["tsx", "server.ts"], {
  env: {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    DATABASE_URL: url,
    JWT_SECRET: randomBytes(48).toString("base64url"),
    PANEL_ADMIN_PASSWORD: password,
  },
  stdio: "ignore",
  detached: true,
});
try {
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 120; i++) {
    if (
      await fetch(`${base}/api/live`)
        .then((r) => r.ok)
        .catch(() => false)
    )
      break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const login = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password }),
  });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const page = (p: string) => async () => {
    const r = await fetch(`${base}${p}`, { headers: { cookie } });
    if (!r.ok) throw new Error(`${p} answered ${r.status}`);
    await r.text();
  };
  await page("/runs")();
  await time("page: GET /runs (first page)", 20, page("/runs"));
  await time("page: GET /runs?topology=optimized&page=80", 20, page("/runs?topology=optimized&page=80"));
  await time("page: GET /compare?ids=2 runs", 20, page(`/compare?ids=bench-0000001,${last}`));
  await time("page: GET /runs/<id> (a run page)", 20, page(`/runs/${last}`));
} catch (error) {
  console.error(`pages not measured: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  if (server.pid) process.kill(-server.pid, "SIGTERM");
  fs.rmSync(dir, { recursive: true, force: true });
  if (JSON_FILE) fs.writeFileSync(JSON_FILE, `${JSON.stringify({ runs: RUNS, timings }, null, 2)}\n`);
}
