import { scaleAction } from "@/lib/api/actions";
import { ZScaleRequest } from "@/lib/api/requests";
import { route } from "@/lib/http/route";

/**
 * Adds (`up`) or removes (`down`) `count` worker nodes of a topology's running cluster (operator);
 * answers the run id at once. Added nodes count once they answer through the load balancer;
 * removed ones are drained from it first.
 */
export const POST = route({ access: "operator", body: ZScaleRequest }, scaleAction);
