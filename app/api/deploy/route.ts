import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { requestDeploy } from "@/lib/operations/deploy";
import { ZDeployRequest } from "@/lib/operations/deploy-settings";

/** Starts a deploy (operator); answers the run id at once, progress flows over socket.io. */
export const POST = route(
  { access: "operator", body: ZDeployRequest },
  async ({ principal, address, body }) => {
    const { runId, project } = await requestDeploy({ principal: principal!, address, request: body });
    return json({ runId, project }, { status: 202 });
  },
);
