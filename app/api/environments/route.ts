import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { addEnvironment, environmentsForDisplay, ZNewEnvironment } from "@/lib/operations/environments";

/** The environments: the panel's own engine first, then the added ones; never credentials (viewer). */
export const GET = route({ access: "viewer" }, async () => json(await environmentsForDisplay()));

/** Adds an environment after a successful connection test; refused with the engine's error (admin). */
export const POST = route({ access: "admin", body: ZNewEnvironment }, async ({ principal, address, body }) =>
  json(await addEnvironment({ principal, address, request: body }), { status: 201 }),
);
