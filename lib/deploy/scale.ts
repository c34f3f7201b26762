// A scale run: one worker added to a running cluster, created, started and watched to ready like a
// deploy's service, timed from the request (its total is the node-addition time of the guide).
import type { Topology } from "@/lib/compose/types";
import { startDeploy, type StartDeployOptions, type StartedRun } from "./orchestrator";
import type { DeployPlan } from "./plan";
import type { WorkerClone } from "./worker-clone";

export type StartScaleOptions = Pick<
  StartDeployOptions,
  | "runId"
  | "probeIntervalMs"
  | "serviceTimeoutMs"
  | "env"
  | "fitScale"
  | "followLogs"
  | "settings"
  | "origin"
  | "conditions"
> & {
  /** The topology as deployed (same fit and overrides). */
  topology: Topology;
  /** The worker to add (`workerClone` of that topology and the services already running). */
  clone: WorkerClone;
};

const ADD_NODE_PHASE = "Add node";

/** Starts adding one worker and returns at once; throws (bad_request, conflict) when it cannot start. */
export const startScale = (options: StartScaleOptions): StartedRun & { service: string } => {
  const { topology, clone, ...rest } = options;
  const name = clone.service.name;
  // Only the new node and its own volume; the networks are the running cluster's (reused, not created).
  const added: Topology = {
    ...topology,
    services: [clone.service],
    volumes: clone.volumes,
    mountedReferences: {},
  };
  // Its dependencies (the leader) already run: nothing to wait for.
  const plan: DeployPlan = {
    strategy: "dag",
    phases: [{ name: ADD_NODE_PHASE, services: [name] }],
    steps: [{ service: name, phase: 0, after: [] }],
    oneShots: [],
  };
  const started = startDeploy({
    ...rest,
    topology: added,
    strategy: "dag",
    kind: "scale",
    plan,
    latencyTarget: null,
    notes: [`adding ${name}, a copy of ${clone.template}`, ...clone.notes],
    settings: { addedNode: name, copiedFrom: clone.template, ...rest.settings },
  });
  return { ...started, service: name };
};
