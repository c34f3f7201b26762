import { listRuns } from "@/lib/db/runs";
import { json } from "@/lib/http/respond";
import { pageParam } from "@/lib/http/query";
import { route } from "@/lib/http/route";

/** Runs, newest first: `?page=&topology=&strategy=&status=`. */
export const GET = route({ access: "viewer" }, async ({ req }) => {
  const q = new URL(req.url).searchParams;
  const page = pageParam(q);
  const filters = {
    topology: q.get("topology") ?? undefined,
    strategy: q.get("strategy") ?? undefined,
    status: q.get("status") ?? undefined,
  };
  return json(await listRuns({ page, filters }));
});
