// A topology's analysis from its compose file as it is now (as the panel displays it).
import { loadPanelTopology } from "@/lib/catalog/topologies";
import { analyzeTopology, type TopologyAnalysis } from "@/lib/compose";

export type AnalyzedTopology = { analysis: TopologyAnalysis; hash: string };

/** The analysis and content hash of the named topology, or null when it does not load. */
export const analyzedTopology = async (name: string): Promise<AnalyzedTopology | null> => {
  const loaded = await loadPanelTopology({ name, forDisplay: true });
  const topology = loaded?.result.ok ? loaded.result.topology : null;
  return topology ? { analysis: analyzeTopology({ topology }), hash: topology.contentHash } : null;
};
