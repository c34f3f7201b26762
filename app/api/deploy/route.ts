import { deployAction } from "@/lib/api/actions";
import { route } from "@/lib/http/route";
import { ZDeployRequest } from "@/lib/operations/deploy-settings";

/** Starts a deploy (operator); answers the run id at once, progress flows over socket.io. */
export const POST = route({ access: "operator", body: ZDeployRequest, acceptsScope: "deploy" }, deployAction);
