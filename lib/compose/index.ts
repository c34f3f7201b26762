/**
 * The compose engine: compose files → validated, interpolated, normalized Topology, and what the
 * panel measures on it. Pure functions; the only I/O is reading files (loadTopology, listTopologies).
 */
export { allocationOf } from "./allocation";
export { analyzeTopology, topologyPhases } from "./analysis";
export type { AnalyzeTopologyOptions } from "./analysis";
export type { Allocation, DependencyEdge, Phase, ReachabilityFact, TopologyAnalysis } from "./analysis-types";
export { cidrsOverlap } from "./cidr";
export { dependencyLevels } from "./dependency-graph";
export type { ChainLink } from "./dependency-graph";
export { describeReadyWeight, NO_HEALTHCHECK_READY_MS, oneShotJobs, readyWeightOf } from "./ready-weights";
export type { MeasuredReady, ReadySource, ReadyWeight } from "./ready-weights";
export { parseDotEnv, readDotEnv } from "../dot-env";
export { fitToHost } from "./fit-to-host";
export { dataFoldersOf } from "./data-folders";
export type { DataFolder } from "./data-folders";
export { FIT_MODE_LABEL, FIT_MODES, fitTopology } from "./fit-modes";
export type { FitChange, FitField, FitMode, FitResult } from "./fit-modes";
export type { FitToHostOptions, FitToHostResult } from "./fit-to-host";
export { interpolateString } from "./interpolate";
export type { Env, InterpolationResult } from "./interpolate";
export { listTopologies, loadTopology, topologyEntry } from "./load-topology";
export type { LoadTopologyOptions, TopologyEntry } from "./load-topology";
export { parseTopology } from "./parse-topology";
export type { ParseTopologyOptions } from "./parse-topology";
export { evaluatePolicy } from "./policy";
export type { EvaluatePolicyOptions, PanelPaths, PolicyFinding, PolicyRule } from "./policy";
export { preflight } from "./preflight";
export type { HostFacts, PreflightProblem, PreflightResult } from "./preflight";
export { parseDurationMs, parseMemoryBytes } from "./units";
export type * from "./types";
