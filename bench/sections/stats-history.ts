// Resource history (issue 31, docs/HISTORY.md): 30 days × 20 containers of synthetic samples stored
// as the recorder leaves them (10 s rows for the last 24 h, 60 s rows for 7 days, 600 s rows for 30),
// then: the 30-day (and 24 h, 7 d) history answer's p95 through the API's own view function; the
// bytes one container costs per day; and two simulated days of recording with maintenance, to show
// that retention deletes what is older and the database stops growing.
// `npm run bench -- --only stats-history`.
import { loadavg } from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { getPrisma } from "@/lib/db/client";
import { maintainStatsHistory, statRowCounts, writeStatRows, type StatRow } from "@/lib/db/stats-history";
import { statsHistoryView } from "@/lib/runs/stats-history-view";
import type { BenchContext } from "../lib/context";

const PROJECT = "bench-history";
const CONTAINERS = 20;
const DAYS = 30;
const DAY_MS = 24 * 3600_000;
const WRITE_CHUNK = 5000;

/** Bytes the database's pages hold now (free pages not counted). */
const usedBytes = async (): Promise<number> => {
  const prisma = getPrisma();
  const [count] = await prisma.$queryRawUnsafe<{ page_count: number | bigint }[]>("PRAGMA page_count");
  const [free] = await prisma.$queryRawUnsafe<{ freelist_count: number | bigint }[]>("PRAGMA freelist_count");
  const [size] = await prisma.$queryRawUnsafe<{ page_size: number | bigint }[]>("PRAGMA page_size");
  return (Number(count?.page_count) - Number(free?.freelist_count)) * Number(size?.page_size);
};
const fileBytes = async (): Promise<number> => {
  const prisma = getPrisma();
  const [count] = await prisma.$queryRawUnsafe<{ page_count: number | bigint }[]>("PRAGMA page_count");
  const [size] = await prisma.$queryRawUnsafe<{ page_size: number | bigint }[]>("PRAGMA page_size");
  return Number(count?.page_count) * Number(size?.page_size);
};

// Synthetic but not constant: a daily wave, noise, counters that grow.
const rowsOf = (levelS: number, fromMs: number, toMs: number): StatRow[] => {
  const rows: StatRow[] = [];
  for (let t = fromMs; t < toMs; t += levelS * 1000)
    for (let c = 0; c < CONTAINERS; c += 1) {
      const wave = 1 + Math.sin((t / DAY_MS) * 2 * Math.PI + c);
      rows.push({
        environment: null,
        project: PROJECT,
        service: `svc-${c}`,
        container: `${PROJECT}-svc-${c}-1`,
        t,
        resolutionS: levelS,
        cpuPercent: 5 + 20 * wave + Math.random() * 5,
        memoryUsedBytes: (200 + 50 * wave) * 2 ** 20,
        memoryLimitBytes: 1024 * 2 ** 20,
        netRxBytes: (t - fromMs) * 12.5 + c,
        netTxBytes: (t - fromMs) * 3.1 + c,
        blockReadBytes: (t - fromMs) * 0.7,
        blockWriteBytes: (t - fromMs) * 1.9,
      });
    }
  return rows;
};

const writeAll = async (rows: StatRow[]): Promise<void> => {
  for (let i = 0; i < rows.length; i += WRITE_CHUNK) await writeStatRows(rows.slice(i, i + WRITE_CHUNK));
};

const p95Of = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? NaN;
};

export const statsHistorySection = async ({ report, quick, log, save }: BenchContext): Promise<void> => {
  const nowMs = Math.floor(Date.now() / 600_000) * 600_000;
  const loadAtStart = loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
  const bytesPerRow: Record<number, number> = {};
  // Coarse first, so each level's bytes are measured on its own.
  for (const [levelS, spanMs] of [
    [3600, DAYS * DAY_MS],
    [600, DAYS * DAY_MS],
    [60, 7 * DAY_MS],
    [10, DAY_MS],
  ] as const) {
    const before = await usedBytes();
    const rows = rowsOf(levelS, nowMs - spanMs, nowMs);
    await writeAll(rows);
    bytesPerRow[levelS] = ((await usedBytes()) - before) / rows.length;
    log(`history: seeded ${rows.length} rows of ${levelS} s (${bytesPerRow[levelS]!.toFixed(0)} B/row)`);
  }
  const counts = await statRowCounts();
  const seededBytes = await usedBytes();
  // What one container costs: its first day at every level, and its average day over the retention.
  const firstDayBytes =
    8640 * bytesPerRow[10]! + 1440 * bytesPerRow[60]! + 144 * bytesPerRow[600]! + 24 * bytesPerRow[3600]!;
  const steadyDayBytes =
    (8640 * bytesPerRow[10]! +
      7 * 1440 * bytesPerRow[60]! +
      DAYS * (144 * bytesPerRow[600]! + 24 * bytesPerRow[3600]!)) /
    DAYS;

  const reps = quick ? 10 : 30;
  const timings: Record<string, number[]> = {};
  for (const [label, spanMs] of [
    ["24 h", DAY_MS],
    ["7 d", 7 * DAY_MS],
    ["30 d", DAYS * DAY_MS],
  ] as const) {
    timings[label] = [];
    for (let i = 0; i < reps; i += 1) {
      const start = performance.now();
      const view = await statsHistoryView({
        environment: null,
        project: PROJECT,
        fromMs: nowMs - spanMs,
        toMs: nowMs,
        nowMs,
      });
      timings[label]!.push(performance.now() - start);
      if (view.series.length !== CONTAINERS)
        throw new Error(`history ${label}: ${view.series.length} series`);
    }
    log(`history: ${label} answer p95 ${p95Of(timings[label]!).toFixed(1)} ms over ${reps}`);
  }
  const p95 = p95Of(timings["30 d"]!);
  report.targets.push({
    name: "30-day resource history answer p95 (ms, 20 containers)",
    value: p95,
    target: "< 300 ms",
    pass: p95 < 300,
  });
  save();

  // Two more days of 10 s recording, each followed by the maintenance pass a day later.
  const days: {
    day: number;
    usedBytes: number;
    fileBytes: number;
    deletedRows: number;
    maintainMs: number;
    maxLoopDelayMs: number;
    olderThanRetention: number;
  }[] = [];
  for (let day = 1; day <= 2; day += 1) {
    const dayEnd = nowMs + day * DAY_MS;
    await writeAll(rowsOf(10, dayEnd - DAY_MS, dayEnd));
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const start = performance.now();
    const { deletedRows } = await maintainStatsHistory({ nowMs: dayEnd + 60_000, retentionDays: DAYS });
    const maintainMs = performance.now() - start;
    delay.disable();
    const olderThanRetention = await getPrisma().containerStatSample.count({
      where: { t: { lt: dayEnd + 60_000 - DAYS * DAY_MS } },
    });
    days.push({
      day,
      usedBytes: await usedBytes(),
      fileBytes: await fileBytes(),
      deletedRows,
      maintainMs,
      maxLoopDelayMs: delay.max / 1e6,
      olderThanRetention,
    });
    log(`history: day +${day}: ${JSON.stringify(days.at(-1))}`);
  }
  const MiB = 2 ** 20;
  report.details["Resource history"] = {
    counts,
    bytesPerRow,
    seededBytes,
    firstDayBytes,
    steadyDayBytes,
    timings,
    days,
  };
  report.extraMarkdown["Resource history"] = [
    `${CONTAINERS} containers × ${DAYS} days of synthetic samples as the recorder leaves them (${counts[10]} rows of 10 s, ${counts[60]} of 60 s, ${counts[600]} of 600 s, ${counts[3600]} of 3600 s; SQLite, ${(seededBytes / MiB).toFixed(1)} MiB used). Load average ${loadAtStart} at the start, ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")} at the end: a figure is provisional unless both are near 0.`,
    "",
    `- Answer time (the API's view function, ${reps} reps): ${Object.entries(timings)
      .map(([label, values]) => `${label} p95 ${p95Of(values).toFixed(1)} ms`)
      .join(", ")}.`,
    `- Bytes per row (table and indexes): ${Object.entries(bytesPerRow)
      .map(([levelS, bytes]) => `${levelS} s ${bytes.toFixed(0)}`)
      .join(", ")}.`,
    `- Storage per container per day: ${(firstDayBytes / MiB).toFixed(2)} MiB for its newest day (10 s + 60 s + 600 s + 3600 s rows), ${(steadyDayBytes / 1024).toFixed(0)} KiB averaged over ${DAYS} days of retention.`,
    ...days.map(
      (d) =>
        `- Simulated day +${d.day} (a day of 10 s rows written, then maintenance): ${d.deletedRows} rows deleted in ${d.maintainMs.toFixed(0)} ms (longest event-loop stall ${d.maxLoopDelayMs.toFixed(0)} ms); rows older than the retention left: ${d.olderThanRetention}; used ${(d.usedBytes / MiB).toFixed(1)} MiB, file ${(d.fileBytes / MiB).toFixed(1)} MiB.`,
    ),
  ];
  save();
};
