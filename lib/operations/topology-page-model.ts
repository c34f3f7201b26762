// The Topology page's view model: which topology is shown, the file loaded with its analysis (weighted
// by measured medians), the deploy policy, and the preflight of the fitted file on this host. The
// page only lays it out.
import { CLAIMED_FIGURES } from "@/lib/catalog/claimed-figures";
import { listPanelTopologies, loadPanelTopology } from "@/lib/catalog/topologies";
import { analyzeTopology, FIT_MODES, fitTopology, preflight, type FitMode } from "@/lib/compose";
import { serviceReadyMedians } from "@/lib/db/service-ready-medians";
import { hostFacts } from "@/lib/docker/host-facts";
import { errorMessage } from "@/lib/docker/docker-error";
import { approvedFilesFor, topologyPolicyView } from "./policy";
import { topologyImagesView } from "./topology-images";

/** What the page shows for `?name=…&fit=…` (defaults: the optimized topology, fit mode clamp). */
export const loadTopologyPage = async ({ name: asked, fit }: { name?: string; fit?: string }) => {
  const entries = listPanelTopologies();
  const name = asked ?? entries.find((e) => e.name === "optimized")?.name ?? entries[0]?.name;
  const fitMode: FitMode = FIT_MODES.find((m) => m === fit) ?? "clamp";
  const selected = entries.find((e) => e.name === name);
  const loaded = selected
    ? await loadPanelTopology({
        entry: selected,
        forDisplay: true,
        approvedFiles: await approvedFilesFor(selected.name),
      })
    : null;
  const base = { entries, name, fitMode, loaded };
  if (!loaded?.result.ok || !name) return { ...base, shown: null };

  const { topology } = loaded.result;
  const measuredReady = await serviceReadyMedians({ topology: name });
  // What runs of it now, on this engine: outdated images are marked.
  const images = await topologyImagesView({ topology });
  const policy = await topologyPolicyView({
    topologyName: name,
    contentHash: topology.contentHash,
    findings: loaded.policy,
  });
  const onHost = await hostFacts().then(
    (host) => {
      // What a deploy under this mode would check: the fitted topology.
      const fitted = fitTopology({ topology, host, mode: fitMode });
      return { fit: fitted, check: preflight({ topology: fitted.topology, host }), hostError: null };
    },
    (error: unknown) => ({ fit: null, check: null, hostError: errorMessage(error) }),
  );
  return {
    ...base,
    shown: {
      topology,
      entry: loaded.entry,
      missing: loaded.missing,
      warnings: loaded.result.warnings,
      analysis: analyzeTopology({ topology, measuredReady }),
      claims: CLAIMED_FIGURES[loaded.entry.name] ?? null,
      policy,
      images,
      ...onHost,
    },
  };
};

export type TopologyPageModel = Awaited<ReturnType<typeof loadTopologyPage>>;
