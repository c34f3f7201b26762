/**
 * Deploy and tear down a topology on the Docker engine: plans (sequential, phased, dag), the
 * orchestrator emitting typed events on a process-wide bus, per-project locking and live status.
 * Knows nothing of HTTP, sockets or the database: the lead wires those to `getDeployBus()`.
 */
export { cancelDeploy, settleReadyRun, stopActiveRun } from "./active-runs";
export type { CancelDeployOptions } from "./active-runs";
export { getDeployBus } from "./bus";
export type { DeployBus, DeployListener } from "./bus";
export type * from "./events";
export { assertProjectFree, projectLockHolder } from "./lock";
export type { ProjectLockHolder } from "./lock";
export { startDeploy } from "./orchestrator";
export type { StartDeployOptions, StartedRun } from "./orchestrator";
export { planDeploy } from "./plan";
export type { DeployPlan, Gate, PlanDeployOptions, PlanStep } from "./plan";
export { reduceRunState } from "./run-state";
export type { RunSnapshot, ServiceSnapshot } from "./run-state";
export { REQUIRED_SECRETS, missingSecrets } from "./secrets";
export { clusterStatus } from "./status";
export type { ClusterStatus, ServiceStatus } from "./status";
export { startTeardown } from "./teardown";
export type { StartTeardownOptions } from "./teardown";
export type * from "./types";
export { startScale } from "./scale";
export type { StartScaleOptions } from "./scale";
export { workerClone, workerClones } from "./worker-clone";
export { startScaleDown } from "./scale-down";
export { startLatencyTest } from "./latency-test";
export type { LatencyTestLoad, LatencyTestReport, StartLatencyTestOptions } from "./latency-test";
export type { StartScaleDownOptions } from "./scale-down";
export type { WorkerClone } from "./worker-clone";
