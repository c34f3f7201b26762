import { topologyClusterStatus } from "@/lib/api/views";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";

/** What runs of a topology now, by service, from Docker itself: `?topology=<name>[&environment=<name>]`. */
export const GET = route({ access: "viewer" }, async ({ req }) => {
  const query = new URL(req.url).searchParams;
  return json(await topologyClusterStatus(query.get("topology") ?? "", query.get("environment")));
});
