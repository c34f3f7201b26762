// The principal a resumed background operation (an experiment, a migration) acts as after a panel
// restart: the person who started it, with the role stored then.
import { z } from "zod";
import type { Principal } from "@/lib/auth/principal";
import { ROLES } from "@/lib/roles";

/** The starter as a principal (an unknown stored role reads as viewer: a resume never gains a right). */
export const storedPrincipal = (starter: { by: string; byUserId: string; byRole: string }): Principal => ({
  userId: starter.byUserId,
  username: starter.by,
  role: z.enum(ROLES).catch("viewer").parse(starter.byRole),
  via: "session",
  sessionId: null,
  tokenId: null,
  scope: null,
  adminNeedsTwoFactor: false,
});
