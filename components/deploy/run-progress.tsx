"use client";
import type { RunSnapshot, ServiceState } from "@/lib/deploy/browser-types";
import { formatMs } from "@/lib/format";
import { ImagePulls } from "./image-pulls";
import { RunClocks } from "./run-clocks";
import { RunErrorBox } from "@/components/ui/alert";

const RUN_TITLE: Record<RunSnapshot["kind"], string> = {
  deploy: "Deploy",
  teardown: "Teardown",
  scale: "Scale",
  latency: "Latency test of",
  migration: "Migration to",
};

const DONE: ServiceState[] = ["healthy", "completed", "running"];
const TONE: Partial<Record<ServiceState, string>> = {
  healthy: "text-emerald-700 dark:text-emerald-400",
  completed: "text-emerald-700 dark:text-emerald-400",
  failed: "text-red-700 dark:text-red-400",
  removed: "text-zinc-500",
};

const runLabel = (run: RunSnapshot): string => {
  const r = run.run;
  if (r.state === "starting") return `starting phase ${r.phase} of ${r.phases} (${r.phaseName})`;
  if (r.state === "failed") return "failed";
  return r.state.replace("_", " ");
};

/** One progress bar per phase and a row per service with its state and elapsed time, live. */
export const RunProgress = ({ run, nowT }: { run: RunSnapshot; nowT: number }) => {
  const finished = run.result !== null;
  const total = finished ? (run.result?.totalMs ?? run.lastT) : nowT;
  return (
    <section
      aria-label="Run progress"
      data-testid="run-progress"
      data-state={run.run.state}
      data-outcome={run.outcome ?? ""}
      className="space-y-3"
    >
      <header className="flex flex-wrap items-baseline gap-3">
        <h2 className="text-base font-semibold">
          {RUN_TITLE[run.kind]} {run.project}
          {run.strategy ? ` · ${run.strategy}` : ""}
        </h2>
        <span data-testid="run-state" className="text-sm">
          {runLabel(run)}
        </span>
        <span className="text-sm text-zinc-500">elapsed {formatMs(total)}</span>
        {run.outcome && (
          <span
            data-testid="run-outcome"
            className={`rounded px-2 text-sm font-medium ${run.outcome === "healthy" || run.outcome === "torn_down" ? "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/40 dark:text-emerald-300" : "bg-red-100 text-red-800 dark:bg-red-900/40 dark:text-red-300"}`}
          >
            {run.outcome.replace("_", " ")}
          </span>
        )}
      </header>
      <RunClocks run={run} />
      {run.result?.error && <RunErrorBox error={run.result.error} logHeight="max-h-40" />}
      {run.latency && (
        <p data-testid="run-latency" className="text-sm">
          Latency through {run.latency.service}: p50 {run.latency.p50Ms ?? "—"} ms · p95{" "}
          {run.latency.p95Ms ?? "—"} ms · max {run.latency.maxMs ?? "—"} ms
          <span className="text-zinc-500">
            {" "}
            ({run.latency.requests} {run.kind === "latency" ? "" : "sequential "}requests to {run.latency.url}
            , {run.latency.failures} failed)
          </span>
        </p>
      )}
      <ImagePulls images={run.images} />
      <ol className="space-y-2">
        {run.phases.map((phase, index) => {
          const ready = phase.services.filter((s) =>
            DONE.includes(run.services[s]?.state ?? "waiting"),
          ).length;
          const pct = phase.services.length ? Math.round((ready / phase.services.length) * 100) : 0;
          return (
            <li
              key={phase.name}
              data-testid={`phase-${index}`}
              data-ready={phase.readyAt !== null}
              className="rounded border border-zinc-200 p-2 dark:border-zinc-800"
            >
              <div className="flex items-center gap-3 text-sm">
                <span className="w-40 font-medium">
                  {index + 1}. {phase.name}
                </span>
                <div
                  className="h-2 flex-1 rounded bg-zinc-200 dark:bg-zinc-800"
                  role="progressbar"
                  aria-label={`${phase.name} progress`}
                  aria-valuenow={pct}
                  aria-valuemin={0}
                  aria-valuemax={100}
                >
                  <div
                    className={`h-2 rounded ${phase.readyAt !== null ? "bg-emerald-500" : "bg-sky-500"}`}
                    style={{ width: `${pct}%` }}
                  />
                </div>
                <span className="w-44 text-right text-xs text-zinc-500">
                  {ready}/{phase.services.length} ready
                  {phase.startedAt !== null
                    ? ` · ${formatMs((phase.readyAt ?? nowT) - phase.startedAt)}`
                    : ""}
                </span>
              </div>
              <ul className="mt-1 grid gap-x-4 md:grid-cols-2">
                {phase.services.map((service) => {
                  const s = run.services[service];
                  // A node being removed is timed from "stopping" (drain) to "removed".
                  const since = s?.times.creating ?? s?.times.starting ?? s?.times.stopping;
                  const until = s?.times.healthy ?? s?.times.completed ?? s?.times.failed ?? s?.times.removed;
                  return (
                    <li
                      key={service}
                      data-testid={`service-${service}`}
                      data-state={s?.state ?? "waiting"}
                      className="flex justify-between text-xs"
                    >
                      <span>{service}</span>
                      <span className={TONE[s?.state ?? "waiting"] ?? "text-zinc-600 dark:text-zinc-400"}>
                        {s?.state ?? "waiting"}
                        {since !== undefined ? ` · ${formatMs((until ?? nowT) - since)}` : ""}
                        {s?.dockerHealth ? ` · docker: ${s.dockerHealth}` : ""}
                      </span>
                    </li>
                  );
                })}
              </ul>
            </li>
          );
        })}
      </ol>
    </section>
  );
};
