// While a deploy runs, its containers' stats are collected through the shared stats hub and the
// 5 s buckets so far are written every BUCKET_FLUSH_MS; when it finishes (and its row is stored),
// the buckets and the run's summary columns are written.
import type Docker from "dockerode";
import { storeRunBuckets, storeRunSummary, storeServiceThrottling } from "@/lib/db/run-summaries";
import { getRunsForCompare } from "@/lib/db/runs";
import { getDocker } from "@/lib/docker/client";
import { getDeployBus, type LatencyResult, type RunResult } from "@/lib/deploy";
import { summarizeRun } from "@/lib/stats/downsample";
import type { ContainerSample } from "@/lib/stats/sample";
import { globalSingleton } from "@/lib/global-singleton";
import { getStatsHub } from "@/lib/stats/hub";
import { readProjectThrottling, throttlingHostFor } from "@/lib/stats/cpu-throttling";
import { startupLayoutFromSettings } from "@/lib/compose/service-roles";
import {
  clusterUse,
  firstNodeReady,
  REGRESSION_MARGIN,
  type ClusterTotalsSample,
} from "@/lib/runs/aggregate";
import { findRegression } from "@/lib/runs/regression";
import type { RunJournal } from "./run-journal";

/** How often a running deploy's buckets so far are stored. */
export const BUCKET_FLUSH_MS = 5_000;

type Collecting = {
  project: string;
  kind: string;
  /** The run's engine (captured in its scope), to read its containers' throttling at the end. */
  docker: Docker;
  stopWatching: () => void;
  samples: ContainerSample[];
  totals: ClusterTotalsSample[];
  /** Samples already in stored buckets (nothing new: no write). */
  storedSamples: number;
};

const numberOr = (value: unknown): number | null =>
  typeof value === "number" && Number.isFinite(value) ? value : null;

const summarize = async ({
  result,
  run,
  latency,
}: {
  result: RunResult;
  run: Collecting;
  latency: LatencyResult | null;
}) => {
  const settings = result.settings as {
    allocated?: { cpus?: unknown; memoryBytes?: unknown };
    batchId?: unknown;
  };
  // Judged as the deploy_regression alert judges it (lib/runs/regression.ts): against earlier
  // healthy deploys under equal conditions only, read from the stored row (it is stored by now).
  const [stored] =
    result.status === "healthy" && result.kind === "deploy" ? await getRunsForCompare([result.runId]) : [];
  const { regression, baselineMedianMs } = stored
    ? await findRegression({ run: stored, marginPercent: REGRESSION_MARGIN * 100 })
    : { regression: false, baselineMedianMs: null };
  return {
    firstNodeReadyMs: firstNodeReady(
      result.services.map((s) => ({ service: s.service, readyAtMs: s.readyAt })),
      startupLayoutFromSettings(result.settings),
    ),
    cpuAllocated: numberOr(settings.allocated?.cpus),
    memAllocatedBytes: numberOr(settings.allocated?.memoryBytes),
    ...clusterUse(run.totals),
    latencyP50Ms: latency?.p50Ms ?? null,
    latencyP95Ms: latency?.p95Ms ?? null,
    regression,
    baselineMedianMs,
    batchId: typeof settings.batchId === "string" ? settings.batchId : null,
  };
};

/** Subscribes once per process; `journal` says when a run's last row is stored. */
export const startRunSummaryRecorder = ({ journal }: { journal: RunJournal }): void => {
  globalSingleton("run-summary-recorder", () => {
    const runs = new Map<string, Collecting>();
    const flushBuckets = setInterval(() => {
      for (const [runId, run] of runs) {
        if (run.samples.length === run.storedSamples) continue;
        const count = run.samples.length;
        // The row may not exist yet (first flush pending): the next interval tries again.
        void storeRunBuckets({ runId, buckets: summarizeRun({ samples: run.samples }) })
          .then(() => (run.storedSamples = count))
          .catch(() => undefined);
      }
    }, BUCKET_FLUSH_MS);
    flushBuckets.unref();
    const hub = getStatsHub();
    hub.onBatch((batch) => {
      for (const run of runs.values())
        if (run.project === batch.project) {
          run.samples.push(...batch.samples);
          run.totals.push(batch.totals);
        }
    });
    getDeployBus().subscribe((event) => {
      // A latency test's own summary (p50/p95 through the load balancer) is stored like a deploy's.
      if (event.type === "run_started" && (event.kind === "deploy" || event.kind === "latency")) {
        const stopWatching = hub.watchProject({ project: event.project, reason: "run" });
        runs.set(event.runId, {
          project: event.project,
          kind: event.kind,
          docker: getDocker(),
          stopWatching,
          samples: [],
          totals: [],
          storedSamples: 0,
        });
      }
      const run = runs.get(event.runId);
      if (!run) return;
      if (event.type !== "run_finished") return;
      // The bus folds each event into the run's snapshot before it calls listeners, so the snapshot
      // holds the run's last latency measurement by now.
      const latency = getDeployBus().snapshot(event.runId)?.latency ?? null;
      run.stopWatching();
      runs.delete(event.runId);
      // Read while the containers still run: the counters since each started (its startup, mostly).
      const throttling =
        run.kind === "deploy"
          ? readProjectThrottling({
              docker: run.docker,
              project: run.project,
              host: throttlingHostFor(run.docker),
            }).catch(() => ({}))
          : Promise.resolve({});
      void journal
        .done(event.runId)
        .then(async () =>
          storeRunSummary({
            runId: event.runId,
            summary: await summarize({ result: event.result, run, latency }),
            buckets: summarizeRun({ samples: run.samples }),
          }),
        )
        .then(async () => storeServiceThrottling({ runId: event.runId, byService: await throttling }))
        .catch((error: unknown) =>
          console.error(`could not store the summary of run ${event.runId}:`, error),
        );
    });
    return true;
  });
};
