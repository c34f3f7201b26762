// Latency through the cluster's front door: a bounded number of sequential requests over loopback
// to a published port, once every service is ready. Stops by itself (count and time limits).
import type { LatencyResult } from "./types";

export type LatencyTarget = { service: string; url: string };
export type MeasureLatencyOptions = LatencyTarget & {
  requests?: number;
  warmup?: number;
  timeoutMs?: number;
};

/** Requests measured after warm-up, and the time each may take. */
export const LATENCY_REQUESTS = 50;
export const LATENCY_WARMUP = 5;
export const LATENCY_TIMEOUT_MS = 2_000;

/** The q-quantile (0..1) of sorted values, nearest-rank. */
export const quantile = (sorted: number[], q: number): number | null =>
  sorted.length === 0
    ? null
    : (sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? null);

/** Summary of measured durations (ms) and failures. */
export const summarizeLatency = ({
  target,
  durations,
  failures,
}: {
  target: LatencyTarget;
  durations: number[];
  failures: number;
}): LatencyResult => {
  const sorted = [...durations].sort((a, b) => a - b);
  const round = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
  return {
    ...target,
    requests: durations.length + failures,
    failures,
    p50Ms: round(quantile(sorted, 0.5)),
    p95Ms: round(quantile(sorted, 0.95)),
    maxMs: round(sorted.at(-1) ?? null),
    meanMs: round(sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : null),
  };
};

/** Sends warm-up + measured GET requests one after another; a non-2xx answer or timeout is a failure. */
export const measureLatency = async ({
  service,
  url,
  requests = LATENCY_REQUESTS,
  warmup = LATENCY_WARMUP,
  timeoutMs = LATENCY_TIMEOUT_MS,
}: MeasureLatencyOptions): Promise<LatencyResult> => {
  const durations: number[] = [];
  let failures = 0;
  for (let i = 0; i < warmup + requests; i++) {
    const began = performance.now();
    const ok = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) })
      .then(async (response) => {
        await response.arrayBuffer();
        return response.ok;
      })
      .catch(() => false);
    if (i < warmup) continue;
    if (ok) durations.push(performance.now() - began);
    else failures += 1;
  }
  return summarizeLatency({ target: { service, url }, durations, failures });
};
