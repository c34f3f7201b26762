// What the topology optimization guide claims for its two clusters — shown beside what the files
// and our runs say, always labelled as claims.
export type GuideClaims = {
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

export const GUIDE_CLAIMS: Record<string, GuideClaims> = {
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
