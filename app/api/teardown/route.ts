import { z } from "zod";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { requestTeardown } from "@/lib/operations/deploy";

const ZTeardown = z.object({
  topology: z.string().min(1, "pick a topology"),
  removeVolumes: z.boolean().default(false),
  /** The environment to tear down on (name or id); unset: the panel's own engine. */
  environment: z
    .string()
    .regex(/^[a-zA-Z0-9_-]{1,60}$/, "an environment's name or id")
    .optional(),
  /** "swarm": the topology's Swarm services on the environment (a swarm manager). */
  target: z.enum(["engine", "swarm"]).optional(),
});

/** Tears a topology's cluster down (operator); answers the run id at once. */
export const POST = route({ access: "operator", body: ZTeardown }, async ({ principal, address, body }) => {
  const { runId, project } = await requestTeardown({
    principal,
    address,
    topologyName: body.topology,
    removeVolumes: body.removeVolumes,
    environment: body.environment,
    target: body.target,
  });
  return json({ runId, project }, { status: 202 });
});
