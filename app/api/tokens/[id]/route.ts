import { withdrawToken } from "@/lib/auth/api-tokens";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";

/** Revokes a token (one's own; any for admins). */
export const DELETE = route({ access: "viewer" }, async ({ principal, address, params }) => {
  await withdrawToken({ principal, address, id: params.id ?? "" });
  return json({ revoked: true });
});
