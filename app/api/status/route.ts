import { topologyClusterStatus } from "@/lib/api/views";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";

/** What runs of a topology now, by service, from Docker itself: `?topology=<name>`. */
export const GET = route({ access: "viewer" }, async ({ req }) =>
  json(await topologyClusterStatus(new URL(req.url).searchParams.get("topology") ?? "")),
);
