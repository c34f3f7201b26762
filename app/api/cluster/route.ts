import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { withEnvironment } from "@/lib/operations/environments";
import { clusterScaleView } from "@/lib/operations/cluster-view";

/**
 * The running cluster of `?topology=<name>` as scaling needs it: running services and workers, the
 * load balancer's generated upstream and weights, the latest stored run and latency test;
 * `&environment=<name>` for a cluster on another engine.
 */
export const GET = route({ access: "viewer" }, async ({ req }) => {
  const query = new URL(req.url).searchParams;
  return json(
    await withEnvironment(query.get("environment"), () =>
      clusterScaleView({ topologyName: query.get("topology") ?? "" }),
    ),
  );
});
