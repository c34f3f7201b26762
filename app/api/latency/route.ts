import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { requestLatencyTest, ZLatencyTestRequest } from "@/lib/operations/latency-test";

/**
 * Starts a latency test of a topology's running cluster (operator): the bounded load given, through
 * the load balancer and to each node directly; answers the run id at once.
 */
export const POST = route(
  { access: "operator", body: ZLatencyTestRequest },
  async ({ principal, address, body }) =>
    json(await requestLatencyTest({ principal, address, request: body }), { status: 202 }),
);
