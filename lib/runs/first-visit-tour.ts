// The dashboard's first-visit tour: three steps (deploy, watch, compare) for a person who has not
// used the panel yet. Shown until they dismiss it (stored per user) or until a run exists.
import { anyRunStored } from "@/lib/db/runs";
import { tourDismissedAt } from "@/lib/db/users";

/** Whether the dashboard shows the tour to this user; false when the database cannot say. */
export const showsFirstVisitTour = async ({ userId }: { userId: string }): Promise<boolean> => {
  try {
    const [dismissed, runs] = await Promise.all([tourDismissedAt(userId), anyRunStored()]);
    return dismissed === null && !runs;
  } catch {
    return false;
  }
};
