// Server only (reads the database and asks the engine): the startup prediction of a topology as a
// deploy would start it now, from its stored runs under equal conditions, with an optional what-if.
import type { Topology } from "@/lib/compose/types";
import { predictedRuns, predictionRuns, type PredictionConditions } from "@/lib/db/prediction-runs";
import {
  deployOverridesKey,
  deployOverridesOf,
  type DeployOverrides,
  type StoredRunSettings,
} from "@/lib/db/run-columns";
import { planDeploy } from "@/lib/deploy/plan";
import type { Strategy } from "@/lib/deploy/types";
import { engineStatus } from "@/lib/docker/engine";
import { estimatesFor, medianEstimates } from "./estimates";
import { predictionErrors, type PredictionError } from "./errors";
import { predictStartup, type StartupPrediction } from "./model";
import { applyResourceOverride, type ResourceOverride, type ServiceResources } from "./what-if";

export type LoadPredictionOptions = {
  /** The topology's folder name (runs are stored under it). */
  name: string;
  /** The topology as the deploy would start it: loaded, tuned and fitted to the host. */
  topology: Topology;
  strategy: Strategy;
  fitMode: string;
  /** "cold" for a deploy from empty data; null: any data state. */
  dataState?: string | null;
  /** What-if: one service's changed limits. */
  override?: ResourceOverride | null;
  /**
   * The deploy's own choices as its settings store them (`tuning`, `health`, `limits`, `probe`): only
   * runs that made the same ones are its basis. Unset: none (a deploy with the file's values).
   */
  overrides?: StoredRunSettings;
};

/** Which stored runs the medians came from. */
export type PredictionBasis = {
  /** "same-strategy": runs of the asked strategy; "other-strategies": none existed, runs of any strategy; "none": no run. */
  kind: "same-strategy" | "other-strategies" | "none";
  runIds: string[];
  conditions: Omit<PredictionConditions, "topology" | "topologyHash" | "overridesKey"> & {
    /** The deploy's own choices the basis runs share (tuning, health, limits, probe). */
    overrides: DeployOverrides;
  };
};

export type LoadedPrediction = StartupPrediction & {
  basis: PredictionBasis;
  /** The what-if's assumptions and foreseen failures (empty without one). */
  notes: string[];
  memoryBelowPeak: boolean;
};

/** The predicted startup of a topology under a strategy and fit mode, from its runs under equal conditions. */
export const loadPrediction = async ({
  name,
  topology,
  strategy,
  fitMode,
  dataState = null,
  override = null,
  overrides = {},
}: LoadPredictionOptions): Promise<LoadedPrediction> => {
  const engine = await engineStatus();
  const host = engine.reachable
    ? { engineVersion: engine.version, hostCpus: engine.cpus, hostMemoryBytes: engine.memoryBytes }
    : { engineVersion: null, hostCpus: null, hostMemoryBytes: null };
  const conditions: PredictionConditions = {
    topology: name,
    topologyHash: topology.contentHash,
    strategy,
    fitMode,
    dataState,
    ...host,
    overridesKey: deployOverridesKey(overrides),
  };
  let kind: PredictionBasis["kind"] = "same-strategy";
  let runs = await predictionRuns(conditions);
  if (runs.runIds.length === 0) {
    kind = "other-strategies";
    runs = await predictionRuns({ ...conditions, strategy: null });
  }
  if (runs.runIds.length === 0) kind = "none";
  const plan = planDeploy({ topology, strategy });
  let serviceMs = estimatesFor({
    services: topology.services,
    oneShots: plan.oneShots,
    measured: medianEstimates(runs.timings),
  });
  let notes: string[] = [];
  let memoryBelowPeak = false;
  if (override) {
    const usage = new Map(runs.usage.map((u) => [u.service, u]));
    const resources: Record<string, ServiceResources> = Object.fromEntries(
      topology.services.map((s) => [
        s.name,
        {
          cpusLimit: s.resources.cpusLimit,
          memoryLimitBytes: s.resources.memoryLimitBytes,
          cpuPeakCores: usage.get(s.name)?.cpuPeakCores ?? null,
          memoryPeakBytes: usage.get(s.name)?.memoryPeakBytes ?? null,
        },
      ]),
    );
    const outcome = applyResourceOverride({
      serviceMs,
      resources,
      override,
      hostCpus: host.hostCpus ?? 1,
    });
    ({ serviceMs, notes, memoryBelowPeak } = outcome);
  }
  return {
    ...predictStartup({ steps: plan.steps, serviceMs, strategy }),
    basis: {
      kind,
      runIds: runs.runIds,
      conditions: {
        fitMode,
        dataState,
        ...host,
        strategy: kind === "same-strategy" ? strategy : null,
        overrides: deployOverridesOf(overrides),
      },
    },
    notes,
    memoryBelowPeak,
  };
};

/** The prediction error of each topology's recent deploys that recorded a prediction. */
export const loadPredictionErrors = async (): Promise<PredictionError[]> =>
  predictionErrors(await predictedRuns());
