// The deploy layer's types the browser may import: type-only re-exports, so a client component that
// imports this file pulls no server code (no dockerode, no Node built-ins) into its bundle.
export type * from "./events";
export type { RunSnapshot, ServiceSnapshot } from "./run-state";
export type * from "./types";
export type { LatencyTestReport } from "./latency-test";
export type { LatencyTargetResult, NodeShare } from "./load-balancer/load-test";
export type { ClusterStatus, ServiceStatus } from "./status";
