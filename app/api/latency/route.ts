import { latencyAction } from "@/lib/api/actions";
import { route } from "@/lib/http/route";
import { ZLatencyTestRequest } from "@/lib/operations/latency-test";

/**
 * Starts a latency test of a topology's running cluster (operator): the bounded load given, through
 * the load balancer and to each node directly; answers the run id at once.
 */
export const POST = route({ access: "operator", body: ZLatencyTestRequest }, latencyAction);
