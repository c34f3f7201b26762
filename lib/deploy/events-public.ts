// Type-only view of the run events and snapshots for the browser (no runtime imports).
export type * from "./events";
export type { RunSnapshot, ServiceSnapshot } from "./run-state";
export type * from "./types";
