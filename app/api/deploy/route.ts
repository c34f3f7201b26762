import { AppError } from "@/lib/errors";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { requestDeploy } from "@/lib/operations/deploy";
import { ZDeployRequest } from "@/lib/operations/deploy-settings";

/** Starts a deploy (operator); answers the run id at once, progress flows over socket.io. */
export const POST = route(
  { access: "operator", body: ZDeployRequest, acceptsScope: "deploy" },
  async ({ principal, address, body }) => {
    if (principal.scope && principal.scope.topology !== body.topology)
      throw new AppError(
        "forbidden",
        `This token may only deploy the topology "${principal.scope.topology}", not "${body.topology}".`,
      );
    const { runId, project } = await requestDeploy({ principal, address, request: body });
    return json({ runId, project }, { status: 202 });
  },
);
