// The benches other parts of the panel own, run from here so one report holds every figure: the
// stats pipeline for 10/50/100 containers (bench/stats-100-containers.ts) and history queries with
// 10,000, 100,000 and 1,000,000 runs (bench/runs-10k.ts). Their --json output is read when they write it, else their
// printed lines are quoted.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BenchContext } from "../lib/context";

const runBench = (script: string, args: string[]): { json: unknown; stdout: string; ok: boolean } => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "bench-json-")), "out.json");
  const result = spawnSync("npx", ["tsx", script, ...args, "--json", file], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: undefined } as NodeJS.ProcessEnv,
    maxBuffer: 32 * 2 ** 20,
  });
  const json = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as unknown) : null;
  return { json, stdout: `${result.stdout ?? ""}${result.stderr ?? ""}`, ok: result.status === 0 };
};

export const otherBenchesSection = async ({
  report,
  quick,
  log,
  save,
  stats,
  history,
}: BenchContext & { stats: boolean; history: boolean }): Promise<void> => {
  if (stats) {
    const sizes = quick ? [10, 50] : [10, 50, 100];
    const seconds = quick ? 20 : 60;
    const lines: string[] = [
      `\`npx tsx bench/stats-100-containers.ts <n> ${seconds} --json <file>\` (idle busybox containers, 20 s baseline first):`,
      "",
    ];
    const results: Record<string, unknown> = {};
    for (const n of sizes) {
      log(`stats pipeline: ${n} containers, ${seconds} s`);
      const out = runBench("bench/stats-100-containers.ts", [String(n), String(seconds)]);
      results[n] = out.json ?? { stdout: out.stdout.split("\n").slice(-20) };
      lines.push(
        `**${n} containers**${out.json ? "" : " (the script does not write --json in this build: its printed summary)"}:`,
        "",
        "```",
        out.json ? JSON.stringify(out.json, null, 2) : out.stdout.trim().split("\n").slice(-12).join("\n"),
        "```",
        "",
      );
      save();
    }
    report.details.stats = results;
    report.extraMarkdown["Live stats pipeline"] = lines;
  }
  if (history) {
    // Issue 34's goals: pages < 200 ms p95 at 100,000 runs and < 400 ms at 1,000,000; the list query < 50 ms.
    const sizes = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
    const pageGoalMs = (runs: number) => (runs >= 1_000_000 ? 400 : runs >= 100_000 ? 200 : null);
    const goalOf = (label: string, runs: number): number | null =>
      label.startsWith("page") ? pageGoalMs(runs) : label.startsWith("query: runs list") ? 50 : null;
    const results: Record<string, unknown> = {};
    const lines: string[] = [
      "`npx tsx bench/runs-10k.ts <runs> --json <file>` (a scratch SQLite database seeded with <runs> deploys of 10 services and 5 phases; 20 requests each):",
      "",
      "| runs | query / page | median | p95 | max | goal (p95) |",
      "|---|---|---|---|---|---|",
    ];
    for (const runs of sizes) {
      log(`history queries: ${runs.toLocaleString("en")} runs`);
      const out = runBench("bench/runs-10k.ts", [String(runs)]);
      const parsed = out.json as {
        timings?: { label: string; medianMs: number; p95Ms?: number; maxMs: number; times: number }[];
      } | null;
      results[runs] = parsed ?? { stdout: out.stdout.split("\n").slice(-20) };
      for (const t of parsed?.timings ?? []) {
        const goal = goalOf(t.label, runs);
        const p95 = t.p95Ms ?? t.maxMs;
        const verdict = goal === null ? "—" : `< ${goal} ms: ${p95 < goal ? "pass" : "missed"}`;
        lines.push(
          `| ${runs.toLocaleString("en")} | ${t.label} | ${t.medianMs.toFixed(1)} ms | ${p95.toFixed(1)} ms | ${t.maxMs.toFixed(1)} ms | ${verdict} |`,
        );
      }
      if (!parsed?.timings?.some((t) => t.label.startsWith("page")))
        lines.push(
          `| ${runs.toLocaleString("en")} | pages not measured (no production build: \`npm run build\`) | | | | |`,
        );
      report.details.history = results;
      report.extraMarkdown["History at 10,000 to 1,000,000 runs"] = lines;
      save();
    }
  }
};
