// A bounded load: `concurrency` clients send GETs to one URL over keep-alive connections until
// `requests` have been sent or `durationMs` has passed, whichever comes first; then the summary a
// person reads — p50/p95/p99/max, errors, and which node served how many against its weight.
import http from "node:http";
import { quantile } from "../latency-probe";
import { requestServed, type ServedAnswer } from "./served-by";
import { weightShares, type UpstreamNode } from "./upstream-config";

/** The most a person may ask of one latency test (per target). */
export const LATENCY_TEST_LIMITS = { requests: 10_000, concurrency: 32, durationS: 60 } as const;

export type RunLoadOptions = {
  url: string;
  requests: number;
  concurrency: number;
  durationMs: number;
  signal?: AbortSignal;
};

/** Sends the load and answers every request's outcome and the time it took (ms). */
export const runLoad = async ({
  url,
  requests,
  concurrency,
  durationMs,
  signal,
}: RunLoadOptions): Promise<{ answers: ServedAnswer[]; elapsedMs: number }> => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const answers: ServedAnswer[] = [];
  const began = performance.now();
  let sent = 0;
  const client = async () => {
    while (sent < requests && performance.now() - began < durationMs && !signal?.aborted) {
      sent += 1;
      answers.push(await requestServed({ url, agent, timeoutMs: 5_000 }));
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, requests) }, client));
  } finally {
    agent.destroy();
  }
  return { answers, elapsedMs: Math.round(performance.now() - began) };
};

export type NodeShare = {
  node: string;
  served: number;
  /** % of the answered requests this node served. */
  sharePct: number;
  weight: number | null;
  /** % its weight entitles it to under weighted round robin. */
  weightSharePct: number | null;
};

export type LatencyTargetResult = {
  /** "load-balancer" for the front door, else the node's service name. */
  target: string;
  via: "load-balancer" | "direct";
  url: string;
  requests: number;
  errors: number;
  elapsedMs: number;
  requestsPerSecond: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  meanMs: number | null;
  /** Through the load balancer: who served the answers. */
  shares: NodeShare[];
};

const round = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);

/** The summary of one target's answers; `nodes` (with weights) when it went through the load balancer. */
export const summarizeLoad = ({
  target,
  via,
  url,
  answers,
  elapsedMs,
  nodes = [],
}: {
  target: string;
  via: LatencyTargetResult["via"];
  url: string;
  answers: ServedAnswer[];
  elapsedMs: number;
  nodes?: UpstreamNode[];
}): LatencyTargetResult => {
  const ok = answers.filter((a) => a.ok);
  const sorted = ok.map((a) => a.ms).sort((a, b) => a - b);
  const counts = new Map<string, number>();
  for (const answer of ok) if (answer.node) counts.set(answer.node, (counts.get(answer.node) ?? 0) + 1);
  const expected = weightShares(nodes);
  const names = [...new Set([...nodes.map((n) => n.service), ...counts.keys()])];
  return {
    target,
    via,
    url,
    requests: answers.length,
    errors: answers.length - ok.length,
    elapsedMs,
    requestsPerSecond: elapsedMs > 0 ? Math.round((answers.length / elapsedMs) * 10_000) / 10 : 0,
    p50Ms: round(quantile(sorted, 0.5)),
    p95Ms: round(quantile(sorted, 0.95)),
    p99Ms: round(quantile(sorted, 0.99)),
    maxMs: round(sorted.at(-1) ?? null),
    meanMs: round(sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : null),
    shares:
      via === "direct"
        ? []
        : names.map((node) => ({
            node,
            served: counts.get(node) ?? 0,
            sharePct: round(ok.length ? (100 * (counts.get(node) ?? 0)) / ok.length : 0) ?? 0,
            weight: nodes.find((n) => n.service === node)?.weight ?? null,
            weightSharePct: expected[node] === undefined ? null : round(100 * expected[node]),
          })),
  };
};
