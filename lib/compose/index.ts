/**
 * The compose engine: compose files → validated, interpolated, normalized Topology, and what the
 * panel measures on it. Pure functions; the only I/O is reading files (loadTopology, listTopologies).
 */
export { analyzeTopology, NO_HEALTHCHECK_READY_MS } from "./analysis";
export type { AnalyzeTopologyOptions } from "./analysis";
export type { Allocation, DependencyEdge, Phase, ReachabilityFact, TopologyAnalysis } from "./analysis-types";
export { cidrsOverlap, parseCidr } from "./cidr";
export { parseDotEnv, readDotEnv } from "./dot-env";
export { DEFAULT_HEADROOM, fitToHost } from "./fit-to-host";
export type { FitToHostOptions, FitToHostResult } from "./fit-to-host";
export { interpolateString } from "./interpolate";
export type { Env, InterpolationResult } from "./interpolate";
export { listTopologies, loadTopology } from "./load-topology";
export type { LoadTopologyOptions, TopologyEntry } from "./load-topology";
export { DEFAULT_PUBLISH_HOST, parseTopology } from "./parse-topology";
export type { ParseTopologyOptions } from "./parse-topology";
export { mountedReferences } from "./mounted-references";
export { preflight } from "./preflight";
export type { HostFacts, PreflightProblem, PreflightResult } from "./preflight";
export { parseDurationMs, parseMemoryBytes } from "./units";
export type * from "./types";
