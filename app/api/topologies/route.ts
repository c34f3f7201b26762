import { z } from "zod";
import { hasRole } from "@/lib/auth/roles";
import { addTopology } from "@/lib/catalog/add-topology";
import { listPanelTopologies } from "@/lib/catalog/topologies";
import { recordAudit } from "@/lib/db/audit";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";

const ZNewTopology = z.object({
  name: z.string(),
  compose: z
    .string()
    .min(1, "paste or upload a compose file")
    .max(512 * 1024),
});

/** The topologies the panel knows. */
export const GET = route({ access: "viewer" }, async () =>
  json(
    listPanelTopologies().map((t) => ({
      name: t.name,
      files: t.files.map((f) => f.slice(t.dir.length + 1)),
    })),
  ),
);

/** Adds a user's compose file as a new topology, after validating it (operator). */
export const POST = route(
  { access: "operator", body: ZNewTopology },
  async ({ principal, address, body }) => {
    const admin = hasRole({ actual: principal.role, needed: "admin" });
    const added = await addTopology({ name: body.name, text: body.compose, admin });
    await recordAudit({
      actor: principal.username,
      action: "topology.add",
      target: body.name,
      address,
      detail: added.policy.length > 0 ? { policyFindings: added.policy.map((f) => f.rule) } : undefined,
    });
    return json(added, { status: 201 });
  },
);
