"use client";
import { useState } from "react";
import { callApi } from "@/components/auth/api";
import { useHydrated } from "@/components/shell/use-hydrated";
import type { LatencyTestReport } from "@/lib/deploy/browser-types";

// The server enforces the same bounds (lib/deploy/load-balancer/load-test.ts).
const LIMITS = { requests: 10_000, concurrency: 32, durationS: 60 };

const ms = (value: number | null) => (value === null ? "—" : `${value.toFixed(1)} ms`);

/** Results of a latency test: one row per target, then who served what through the load balancer. */
export const LatencyTestResults = ({ report }: { report: LatencyTestReport }) => {
  const front = report.targets.find((t) => t.via === "load-balancer");
  return (
    <div className="space-y-3" data-testid="latency-test-results">
      <table className="w-full text-left text-sm">
        <thead className="text-zinc-500">
          <tr>
            <th>Target</th>
            <th>Requests</th>
            <th>Errors</th>
            <th>p50</th>
            <th>p95</th>
            <th>p99</th>
            <th>max</th>
            <th>req/s</th>
          </tr>
        </thead>
        <tbody>
          {report.targets.map((t) => (
            <tr key={`${t.via}-${t.target}`}>
              <td>{t.via === "load-balancer" ? `through ${t.target}` : `${t.target} directly`}</td>
              <td>{t.requests}</td>
              <td>{t.errors}</td>
              <td>{ms(t.p50Ms)}</td>
              <td>{ms(t.p95Ms)}</td>
              <td>{ms(t.p99Ms)}</td>
              <td>{ms(t.maxMs)}</td>
              <td>{t.requestsPerSecond}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {front && front.shares.length > 0 && (
        <table className="w-full text-left text-sm" data-testid="latency-test-shares">
          <caption className="text-left font-medium">
            Requests each node served through the load balancer
          </caption>
          <thead className="text-zinc-500">
            <tr>
              <th>Node</th>
              <th>Served</th>
              <th>Share</th>
              <th>Weight</th>
              <th>Share by weight</th>
            </tr>
          </thead>
          <tbody>
            {front.shares.map((s) => (
              <tr key={s.node}>
                <td>{s.node}</td>
                <td>{s.served}</td>
                <td>{s.sharePct.toFixed(1)} %</td>
                <td>{s.weight ?? "—"}</td>
                <td>{s.weightSharePct === null ? "—" : `${s.weightSharePct.toFixed(1)} %`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="text-xs text-zinc-500">
        {report.requests} requests at most, {report.concurrency} at a time, {report.durationS} s at most, per
        target; GET /api/tags over keep-alive connections from the panel.
      </p>
    </div>
  );
};

/** The latency test form (operators) and the latest results. */
export const LatencyTestPanel = ({
  topology,
  canOperate,
  disabledReason,
  report,
  onStarted,
}: {
  topology: string;
  canOperate: boolean;
  disabledReason: string | null;
  report: LatencyTestReport | null;
  onStarted: (runId: string) => void;
}) => {
  const hydrated = useHydrated();
  const [requests, setRequests] = useState(1000);
  const [concurrency, setConcurrency] = useState(8);
  const [durationS, setDurationS] = useState(10);
  const [error, setError] = useState<string | null>(null);
  const start = async () => {
    const answer = await callApi<{ runId: string }>("/api/latency", {
      body: { topology, requests, concurrency, durationS },
    });
    if (answer.ok) onStarted(answer.data.runId);
    setError(answer.ok ? null : answer.error.message);
  };
  const input = "w-24 rounded border border-zinc-300 bg-transparent px-2 dark:border-zinc-700";
  return (
    <section aria-label="Latency test" data-testid="latency-test" className="space-y-3">
      <h2 className="text-base font-semibold">Latency test</h2>
      {canOperate && (
        <div className="flex flex-wrap items-end gap-3 text-sm">
          <label className="flex flex-col">
            Requests (≤ {LIMITS.requests})
            <input
              type="number"
              min={1}
              max={LIMITS.requests}
              value={requests}
              disabled={!hydrated}
              onChange={(e) => setRequests(Number(e.target.value))}
              className={input}
            />
          </label>
          <label className="flex flex-col">
            Concurrency (≤ {LIMITS.concurrency})
            <input
              type="number"
              min={1}
              max={LIMITS.concurrency}
              value={concurrency}
              disabled={!hydrated}
              onChange={(e) => setConcurrency(Number(e.target.value))}
              className={input}
            />
          </label>
          <label className="flex flex-col">
            Duration, s (≤ {LIMITS.durationS})
            <input
              type="number"
              min={1}
              max={LIMITS.durationS}
              value={durationS}
              disabled={!hydrated}
              onChange={(e) => setDurationS(Number(e.target.value))}
              className={input}
            />
          </label>
          <button
            type="button"
            onClick={start}
            disabled={!hydrated || disabledReason !== null}
            title={disabledReason ?? "Through the load balancer, then to each node directly"}
            className="rounded border border-sky-600 px-3 py-1 font-medium text-sky-700 disabled:cursor-not-allowed disabled:opacity-50 dark:text-sky-400"
          >
            Run latency test
          </button>
          {disabledReason && <span className="text-xs text-zinc-500">{disabledReason}</span>}
        </div>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      )}
      {report ? (
        <LatencyTestResults report={report} />
      ) : (
        <p className="text-sm text-zinc-500">No latency test yet.</p>
      )}
    </section>
  );
};
