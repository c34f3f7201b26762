import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { clusterScaleView } from "@/lib/operations/cluster-view";

/**
 * The running cluster of `?topology=<name>` as scaling needs it: running services and workers, the
 * load balancer's generated upstream and weights, the latest stored run and latency test.
 */
export const GET = route({ access: "viewer" }, async ({ req }) =>
  json(await clusterScaleView({ topologyName: new URL(req.url).searchParams.get("topology") ?? "" })),
);
