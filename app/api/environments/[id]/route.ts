import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { removeEnvironment } from "@/lib/operations/environments";

/** Removes an environment; refused while the panel runs something there (admin). */
export const DELETE = route({ access: "admin" }, async ({ principal, address, params }) => {
  await removeEnvironment({ principal, address, environment: params.id ?? "" });
  return json({ deleted: true });
});
