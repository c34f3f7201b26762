import type { ChainLink } from "./dependency-graph";
import type { ReadyWeight } from "./ready-weights";
import type { DependencyCondition } from "./types";

/** CPU and memory a set of services asks for; uncapped services are listed, not counted. */
export type Allocation = {
  cpusLimit: number;
  memoryLimitBytes: number;
  cpusReservation: number;
  memoryReservationBytes: number;
  /** Services without a CPU limit (they may use every core). */
  cpuUncapped: string[];
  /** Services without a memory limit (they may use all the host's memory). */
  memoryUncapped: string[];
};

/** One depends_on edge: `from` waits for `to` under `condition`. */
export type DependencyEdge = { from: string; to: string; condition: DependencyCondition; required: boolean };

/** A startup phase and what its services ask for. */
export type Phase = {
  name: string;
  /** "x-phase" when named in the file, "level" when derived from dependency levels. */
  source: "x-phase" | "level";
  services: string[];
  allocation: Allocation;
};

/** Whether one service can reach another over a shared network, and why it matters. */
export type ReachabilityFact = {
  from: string;
  to: string;
  /** What makes `from` need `to`: a depends_on edge, or the name appearing in its environment/command. */
  reason: "depends_on" | "reference";
  reachable: boolean;
  /** Networks both are on (empty when unreachable). */
  via: string[];
};

/** Everything the Topology page and the deployer read about a topology, measured from the file. */
export type TopologyAnalysis = {
  project: string;
  services: string[];
  networks: { name: string; dockerName: string; subnets: string[]; members: string[] }[];
  /** Services on more than one network, bridging them. */
  dualHomed: { service: string; networks: string[] }[];
  relationships: {
    count: number;
    edges: DependencyEdge[];
    byCondition: Record<DependencyCondition, number>;
  };
  /** Dependency level per service: 1 when it depends on nothing. */
  levels: Record<string, number>;
  maxDepth: number;
  phases: Phase[];
  criticalPath: {
    services: string[];
    totalMs: number;
    /** Every link of the path with its expected start and ready time (ms from the deploy's start). */
    links: ChainLink[];
    /** Expected ready time used for each service, and where it came from. */
    readyMs: Record<string, ReadyWeight>;
  };
  allocation: Allocation;
  /** For each service, the services it shares no network with. */
  isolation: { service: string; unreachable: string[] }[];
  /** Every need (depends_on or name reference) with whether a shared network makes it possible. */
  reachability: ReachabilityFact[];
};
