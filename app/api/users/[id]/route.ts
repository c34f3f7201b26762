import { z } from "zod";
import { changeUser, removeUser } from "@/lib/auth/accounts";
import { ROLES } from "@/lib/auth/roles";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";

const ZChange = z.object({
  role: z.enum(ROLES).optional(),
  disabled: z.boolean().optional(),
  password: z.string().max(256).optional(),
});

/** Changes a user's role, enabled state or password (admin). */
export const PATCH = route({ access: "admin", body: ZChange }, async ({ principal, address, body, params }) =>
  json(await changeUser({ principal, address, id: params.id ?? "", ...body })),
);

/** Deletes a user (admin). */
export const DELETE = route({ access: "admin" }, async ({ principal, address, params }) => {
  await removeUser({ principal, address, id: params.id ?? "" });
  return json({ deleted: true });
});
