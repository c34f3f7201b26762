// What the read routes answer, once: the panel's routes (/api/status, /api/compare) and /api/v1 call
// these, so the CLI sees the same cluster state and the same comparison files as the pages.
import { withEnvironment } from "@/lib/operations/environments";
import { loadPanelTopology } from "@/lib/catalog/topologies";
import { clusterStatus, type ClusterStatus } from "@/lib/deploy";
import { AppError } from "@/lib/errors";
import { json } from "@/lib/http/respond";
import { comparisonCsv, comparisonMarkdown } from "@/lib/runs/compare";
import { loadComparison } from "@/lib/runs/load-comparison";
import { downloadAnswer } from "./download";

/** What runs of a topology now, by service, from Docker itself; 404 naming the topology when unknown. */
export const topologyClusterStatus = async (
  name: string,
  environment: string | null = null,
): Promise<ClusterStatus> => {
  const loaded = await loadPanelTopology({ name, forDisplay: true });
  if (!loaded?.result.ok)
    throw new AppError(
      "not_found",
      `No loadable topology "${name}": pass ?topology=<folder under topologies/>.`,
    );
  const project = loaded.result.topology.project;
  return withEnvironment(environment, () => clusterStatus({ project }));
};

export type ComparisonFormat = "json" | "csv" | "md";

/**
 * The comparison of runs (the first is the baseline) as the Compare page exports it. With
 * `requireAll`, a run id that is not stored is a 404 naming it (the panel's own link drops it).
 */
export const comparisonAnswer = async ({
  ids,
  format,
  requireAll = false,
}: {
  ids: string[];
  format: ComparisonFormat;
  requireAll?: boolean;
}): Promise<Response> => {
  if (ids.length < 2)
    throw new AppError(
      "bad_request",
      "Fix these query parameters: ids: pass two or more run ids: ?ids=<baseline>,<other>[,…]",
      [{ path: "ids", message: "two or more run ids, comma-separated" }],
    );
  const comparison = await loadComparison(ids);
  const found = new Set(comparison.runs.map((r) => r.id));
  const unknown = ids.filter((id) => !found.has(id));
  if (requireAll && unknown.length > 0)
    throw new AppError("not_found", `ids: no run ${unknown.join(", ")}.`, [
      { path: "ids", message: `unknown: ${unknown.join(", ")}` },
    ]);
  if (format === "md")
    return new Response(comparisonMarkdown(comparison), {
      headers: { "content-type": "text/markdown; charset=utf-8" },
    });
  if (format === "csv")
    return downloadAnswer({
      body: comparisonCsv(comparison),
      name: "ollamamax-comparison",
      extension: "csv",
    });
  return json({ headers: comparison.headers, tables: comparison.tables });
};
