// Type-only view of the cluster status for the browser.
export type { ClusterStatus, ServiceStatus } from "./status";
