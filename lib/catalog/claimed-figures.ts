// What the topology optimization guide (docs/topology-optimization-guide.md) claims for its two clusters — shown beside what the files
// and our runs say, always labelled as claims.
export type ClaimedFigures = {
  services: number | null;
  maxDepth: number;
  relationships: number;
  cpus: number;
  memoryGb: number;
  startupSeconds: number;
  efficiencyPercent: number;
  /** "Scaling speed": time to add a node. */
  nodeAdditionSeconds: number;
};

export const CLAIMED_FIGURES: Record<string, ClaimedFigures> = {
  original: {
    services: 11,
    maxDepth: 4,
    relationships: 23,
    cpus: 13,
    memoryGb: 26,
    startupSeconds: 190,
    efficiencyPercent: 60,
    nodeAdditionSeconds: 120,
  },
  optimized: {
    services: null,
    maxDepth: 3,
    relationships: 15,
    cpus: 11,
    memoryGb: 22,
    startupSeconds: 120,
    efficiencyPercent: 85,
    nodeAdditionSeconds: 45,
  },
};
