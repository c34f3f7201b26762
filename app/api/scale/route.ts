import { z } from "zod";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { requestScale } from "@/lib/operations/scale";

const ZScale = z.object({ topology: z.string().min(1, "pick a topology") });

/** Adds one worker node to a topology's running cluster (operator); answers the run id at once. */
export const POST = route({ access: "operator", body: ZScale }, async ({ principal, address, body }) =>
  json(await requestScale({ principal, address, topologyName: body.topology }), { status: 202 }),
);
