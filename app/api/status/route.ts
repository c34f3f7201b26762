import { loadPanelTopology } from "@/lib/catalog/topologies";
import { clusterStatus } from "@/lib/deploy";
import { AppError } from "@/lib/errors";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { withEnvironment } from "@/lib/operations/environments";

/** What runs of a topology now, by service, from Docker itself: `?topology=<name>[&environment=<name>]`. */
export const GET = route({ access: "viewer" }, async ({ req }) => {
  const query = new URL(req.url).searchParams;
  const name = query.get("topology") ?? "";
  const loaded = loadPanelTopology({ name, forDisplay: true });
  if (!loaded?.result.ok)
    throw new AppError(
      "not_found",
      `No loadable topology "${name}": pass ?topology=<folder under topologies/>.`,
    );
  const project = loaded.result.topology.project;
  return json(await withEnvironment(query.get("environment"), () => clusterStatus({ project })));
});
