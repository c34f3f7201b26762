import { z } from "zod";
import { addUser } from "@/lib/auth/accounts";
import { ROLES } from "@/lib/auth/roles";
import { listUsers } from "@/lib/db/users";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";

const ZNewUser = z.object({
  username: z.string().regex(/^[a-zA-Z0-9_.-]{2,64}$/, "2-64 letters, digits, dot, dash or underscore"),
  password: z.string().min(10, "at least 10 characters").max(256),
  role: z.enum(ROLES),
});

/** Lists users (admin). */
export const GET = route({ access: "admin" }, async () => json(await listUsers()));

/** Creates a user (admin). */
export const POST = route({ access: "admin", body: ZNewUser }, async ({ principal, address, body }) =>
  json(await addUser({ principal, address, ...body }), { status: 201 }),
);
