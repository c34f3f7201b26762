/**
 * Swarm as a deploy target: a topology deployed as Swarm services on overlay networks, by the same
 * plans and with the same events as a single-engine deploy; tasks per node; teardown; scaling.
 * Every function takes the engines (a manager, and a node's engine per node) it works on.
 */
export { enginesByHostname, swarmManagerState } from "./engines";
export type { SwarmEngines, SwarmNodeRef } from "./engines";
export { startSwarmDeploy } from "./deploy";
export type { StartSwarmDeployOptions } from "./deploy";
export { placementOf, swarmNodeView } from "./placement";
export type { StoredPlacement, SwarmNodeView, TaskStats } from "./placement";
export { assertSwarmPublishable, swarmPortPlan, unpublishedPortsLine } from "./published-ports";
export { scaleSwarmService } from "./scale";
export type { ScaleSwarmServiceOptions, SwarmScaleResult } from "./scale";
export { swarmNetworkSpec, swarmServiceName, swarmServiceSpec } from "./service-spec";
export { removeSwarmProject, startSwarmTeardown, swarmLeftovers, swarmProjectVolumes } from "./teardown";
export { swarmDataState } from "./volumes";
export type { NodeVolume, SwarmVolumeRemoval } from "./volumes";
export { projectTasks, type TaskPlacement } from "./tasks";
