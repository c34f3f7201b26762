import { z } from "zod";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { approvePolicyExceptions } from "@/lib/operations/policy";

const ZApproval = z.object({ topology: z.string().min(1, "name the topology") });

/**
 * An admin approves a topology's deploy-policy exceptions for the current version of its file
 * (editing the file voids the approval). Audited.
 */
export const POST = route({ access: "admin", body: ZApproval }, async ({ principal, address, body }) => {
  const approval = await approvePolicyExceptions({
    principal: principal!,
    address,
    topologyName: body.topology,
  });
  return json(approval, { status: 201 });
});
