import { z } from "zod";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { requestScale } from "@/lib/operations/scale";

const ZScale = z.object({
  topology: z.string().min(1, "pick a topology"),
  direction: z.enum(["up", "down"]).default("up"),
  count: z
    .number()
    .int()
    .min(1, "add or remove at least one node")
    .max(8, "at most 8 nodes at once")
    .default(1),
  /** The environment the cluster runs on (name or id); unset: the panel's own engine. */
  environment: z
    .string()
    .regex(/^[a-zA-Z0-9_-]{1,60}$/, "an environment's name or id")
    .optional(),
});

/**
 * Adds (`up`) or removes (`down`) `count` worker nodes of a topology's running cluster (operator);
 * answers the run id at once. Added nodes count once they answer through the load balancer;
 * removed ones are drained from it first.
 */
export const POST = route({ access: "operator", body: ZScale }, async ({ principal, address, body }) =>
  json(
    await requestScale({
      principal,
      address,
      topologyName: body.topology,
      direction: body.direction,
      count: body.count,
      environment: body.environment,
    }),
    { status: 202 },
  ),
);
