import { redeployAction } from "@/lib/api/actions";
import { ZRedeployRequest } from "@/lib/api/requests";
import { route } from "@/lib/http/route";

/** "Deploy this again" from the run page (operator); answers the new run id at once. */
export const POST = route(
  { access: "operator", body: ZRedeployRequest, acceptsScope: "deploy" },
  redeployAction,
);
