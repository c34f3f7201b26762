import { z } from "zod";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { actOnLeftovers } from "@/lib/operations/leftover-actions";

const ZLeftoverAction = z.object({
  runId: z.string().min(1, "name the run whose leftovers to act on"),
  action: z.enum(["teardown", "adopt", "watch"]),
});

/** Acts on a dead run's leftovers (operator): tear down, adopt as deployed, or resume watching. */
export const POST = route(
  { access: "operator", body: ZLeftoverAction },
  async ({ principal, address, body }) => {
    const { runId } = await actOnLeftovers({
      principal: principal!,
      address,
      runId: body.runId,
      action: body.action,
    });
    return json({ runId }, { status: 202 });
  },
);
