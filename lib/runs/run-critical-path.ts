// A stored run's measured critical path: the plan its strategy made for the topology it deployed
// (the stored effective topology; for older runs, the file as it is now), walked back over the
// run's own service timings.
import { loadPanelTopology } from "@/lib/catalog/topologies";
import type { Topology } from "@/lib/compose/types";
import { planDeploy } from "@/lib/deploy";
import { isStrategy } from "@/lib/run-vocabulary";
import {
  boundRatio,
  measuredCriticalPath,
  type MeasuredCriticalPath,
  type PathTiming,
} from "./measured-critical-path";

export type RunCriticalPath = MeasuredCriticalPath & {
  /** The run's time to ready ÷ the bound (1.0: nothing but the chain's own work). */
  ratio: number | null;
  /** Where the plan came from. */
  source: "deployed" | "current_file";
};

/** The measured critical path of a finished deploy, or null (not a deploy, not ready, no topology). */
export const runCriticalPath = async ({
  run,
  services,
  deployed,
}: {
  run: { topology: string; strategy: string; kind: string; totalMs: number | null };
  services: PathTiming[];
  deployed: Topology | null;
}): Promise<RunCriticalPath | null> => {
  const strategy = run.strategy;
  if (run.kind !== "deploy" || !isStrategy(strategy)) return null;
  const current = deployed ? null : await loadPanelTopology({ name: run.topology });
  const topology = deployed ?? (current?.result.ok ? current.result.topology : null);
  if (!topology) return null;
  try {
    const plan = planDeploy({ topology, strategy });
    const path = measuredCriticalPath({ steps: plan.steps, timings: services });
    if (!path) return null;
    return {
      ...path,
      ratio: boundRatio({ totalMs: run.totalMs, boundMs: path.boundMs }),
      source: deployed ? "deployed" : "current_file",
    };
  } catch {
    return null;
  }
};
