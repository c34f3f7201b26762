import { z } from "zod";
import { dismissTour } from "@/lib/db/users";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";

const ZTourDismissal = z.object({ dismissed: z.literal(true) }).strict();

/** Dismisses the dashboard's first-visit tour for the caller, for good. */
export const PUT = route({ access: "viewer", body: ZTourDismissal }, async ({ principal }) => {
  await dismissTour(principal.userId);
  return json({ dismissed: true });
});
