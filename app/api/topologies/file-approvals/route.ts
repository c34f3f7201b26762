import { z } from "zod";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { approveFileRead } from "@/lib/operations/policy";

const ZFileApproval = z.object({
  topology: z.string().min(1, "name the topology"),
  path: z.string().min(1, "name the file, as the compose file writes it"),
});

/**
 * An admin approves one file outside a topology's folder for its loads to read (an env file,
 * an include, a secret's file), bound to the file's real path and content hash. Audited.
 */
export const POST = route({ access: "admin", body: ZFileApproval }, async ({ principal, address, body }) => {
  const approval = await approveFileRead({
    principal: principal!,
    address,
    topologyName: body.topology,
    path: body.path,
  });
  return json(approval, { status: 201 });
});
