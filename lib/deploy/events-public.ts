// Type-only view of the run events and snapshots for the browser (no runtime imports).
export type * from "./events";
export type { RunSnapshot, ServiceSnapshot } from "./run-state";
export type * from "./types";
export type { LatencyTestReport } from "./latency-test";
export type { LatencyTargetResult, NodeShare } from "./load-balancer/load-test";
