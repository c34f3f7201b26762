// The predicted startup of a topology before deploying it (the deploy form, GET /api/v1/topologies/{name}/prediction):
// the file loaded and fitted to this host as a deploy would, then lib/prediction over its stored runs.
import { fitTopology, type FitMode, type Topology } from "@/lib/compose";
import type { Strategy } from "@/lib/deploy/types";
import { engineUnreachable } from "@/lib/docker/docker-error";
import { hostCapacity } from "@/lib/docker/host-facts";
import { AppError } from "@/lib/errors";
import { loadPrediction, loadPredictionErrors, type LoadedPrediction } from "@/lib/prediction/load";
import type { PredictionError, TRecordedPrediction } from "@/lib/prediction/errors";
import type { ResourceOverride } from "@/lib/prediction/what-if";
import type { StoredRunSettings } from "@/lib/db/run-columns";
import { loadOrExplain } from "./deploy-start";

export type PredictTopologyOptions = {
  name: string;
  strategy: Strategy;
  fit: FitMode;
  /** The data state the deploy would start from ("cold" with fresh data); null: any. */
  dataState?: string | null;
  /** What-if: one service's changed CPU or memory limit. */
  override?: ResourceOverride | null;
};

export type TopologyPrediction = LoadedPrediction & {
  topology: string;
  fitMode: FitMode;
  /** How far this topology's recorded predictions were from its measured startups. */
  error: PredictionError;
};

/** Loads, fits and predicts; throws not_found for an unknown topology and bad_request for an unknown what-if service. */
export const predictTopology = async ({
  name,
  strategy,
  fit,
  dataState = null,
  override = null,
}: PredictTopologyOptions): Promise<TopologyPrediction> => {
  const { topology } = await loadOrExplain({ name });
  if (override && !topology.services.some((s) => s.name === override.service)) {
    throw new AppError(
      "bad_request",
      `service: "${override.service}" is not a service of ${name} (${topology.services.map((s) => s.name).join(", ")}).`,
    );
  }
  const host = await hostCapacity().catch(engineUnreachable);
  const fitted = fitTopology({ topology, host, mode: fit });
  const [prediction, errors] = await Promise.all([
    loadPrediction({ name, topology: fitted.topology, strategy, fitMode: fit, dataState, override }),
    loadPredictionErrors(),
  ]);
  return {
    ...prediction,
    topology: name,
    fitMode: fit,
    error: errors.find((e) => e.topology === name) ?? { topology: name, runs: 0, medianAbsErrorPct: null },
  };
};

/**
 * The prediction a deploy stores with its run when it starts, for the topology exactly as it will be
 * started; null when the model cannot answer (a deploy never fails for its prediction; it waits for
 * it while the load balancer is bound, so a slow read of stored runs lengthens its preparation).
 */
export const recordablePrediction = async (options: {
  name: string;
  topology: Topology;
  strategy: Strategy;
  fitMode: FitMode;
  dataState: string;
  /** The deploy's stored choices (`tuning`, `health`, `limits`, `probe`): the basis runs made the same. */
  overrides: StoredRunSettings;
}): Promise<TRecordedPrediction | null> => {
  try {
    const p = await loadPrediction(options);
    return {
      predictedMs: p.predictedMs,
      criticalPath: p.criticalPath,
      neverMeasured: p.neverMeasured,
      basisRuns: p.basis.runIds.length,
      basisKind: p.basis.kind,
    };
  } catch {
    return null;
  }
};
