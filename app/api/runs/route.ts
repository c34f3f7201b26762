import { listRuns } from "@/lib/db/runs";
import { json } from "@/lib/http/respond";
import { pageParam } from "@/lib/http/query";
import { route } from "@/lib/http/route";
import { environmentsForDisplay } from "@/lib/operations/environments";
import { environmentFilterOf } from "@/lib/runs/environment-view";

/** Runs, newest first: `?page=&topology=&strategy=&status=&environment=<name>` ("local": the panel's own engine). */
export const GET = route({ access: "viewer" }, async ({ req }) => {
  const q = new URL(req.url).searchParams;
  const page = pageParam(q);
  const filters = {
    topology: q.get("topology") ?? undefined,
    strategy: q.get("strategy") ?? undefined,
    status: q.get("status") ?? undefined,
    environmentId: environmentFilterOf(await environmentsForDisplay(), q.get("environment") ?? undefined),
  };
  return json(await listRuns({ page, filters }));
});
