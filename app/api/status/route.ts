import { loadPanelTopology } from "@/lib/catalog/topologies";
import { clusterStatus } from "@/lib/deploy";
import { AppError } from "@/lib/errors";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";

/** What runs of a topology now, by service, from Docker itself: `?topology=<name>`. */
export const GET = route({ access: "viewer" }, async ({ req }) => {
  const name = new URL(req.url).searchParams.get("topology") ?? "";
  const loaded = loadPanelTopology({ name, forDisplay: true });
  if (!loaded?.result.ok)
    throw new AppError(
      "not_found",
      `No loadable topology "${name}": pass ?topology=<folder under topologies/>.`,
    );
  return json(await clusterStatus({ project: loaded.result.topology.project }));
});
