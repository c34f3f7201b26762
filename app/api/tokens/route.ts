import { z } from "zod";
import { ROLES } from "@/lib/auth/roles";
import { parseTokenScope, SCOPE_PATTERN } from "@/lib/auth/token-scope";
import { issueToken } from "@/lib/auth/api-tokens";
import { listTokens } from "@/lib/db/tokens";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";

const ZNewToken = z.object({
  name: z.string().min(1).max(80),
  role: z.enum(ROLES),
  /** Empty or absent: everything the role allows; `deploy:<topology>`: only deploying that topology. */
  scope: z.string().regex(SCOPE_PATTERN, "deploy:<topology name>, or empty").or(z.literal("")).optional(),
});

/** The caller's tokens (all tokens for admins), never their secrets. */
export const GET = route({ access: "viewer" }, async ({ principal }) =>
  json(await listTokens({ userId: principal.role === "admin" ? null : principal.userId })),
);

/** Creates a token; its secret is in this answer only. */
export const POST = route({ access: "viewer", body: ZNewToken }, async ({ principal, address, body }) =>
  json(
    await issueToken({
      principal,
      address,
      name: body.name,
      role: body.role,
      scope: parseTokenScope(body.scope),
    }),
    { status: 201 },
  ),
);
