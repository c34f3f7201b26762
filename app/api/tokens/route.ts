import { z } from "zod";
import { ROLES } from "@/lib/auth/roles";
import { issueToken } from "@/lib/auth/tokens-service";
import { listTokens } from "@/lib/db/tokens";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";

const ZNewToken = z.object({ name: z.string().min(1).max(80), role: z.enum(ROLES) });

/** The caller's tokens (all tokens for admins), never their secrets. */
export const GET = route({ access: "viewer" }, async ({ principal }) =>
  json(await listTokens({ userId: principal!.role === "admin" ? null : principal!.userId })),
);

/** Creates a token; its secret is in this answer only. */
export const POST = route({ access: "viewer", body: ZNewToken }, async ({ principal, address, body }) =>
  json(await issueToken({ principal: principal!, address, ...body }), { status: 201 }),
);
