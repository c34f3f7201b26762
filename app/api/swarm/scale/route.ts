import { z } from "zod";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { requestSwarmScale } from "@/lib/operations/swarm";

const ZSwarmScale = z.object({
  topology: z.string().min(1, "pick a topology"),
  /** The swarm manager's environment (name or id); unset: the panel's own engine. */
  environment: z
    .string()
    .regex(/^[a-zA-Z0-9_-]{1,60}$/, "an environment's name or id")
    .optional(),
  service: z.string().min(1, "name the service to scale"),
  replicas: z.number().int().min(0, "replicas: 0 or more").max(50, "replicas: at most 50"),
});

/** Sets a Swarm service's replicas and answers once all are ready, with the time it took (operator). */
export const POST = route({ access: "operator", body: ZSwarmScale }, async ({ principal, address, body }) =>
  json(await requestSwarmScale({ principal, address, ...body })),
);
