import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";

/** Who the caller is. */
export const GET = route({ access: "viewer" }, async ({ principal }) =>
  json({ username: principal?.username, role: principal?.role, via: principal?.via }),
);
