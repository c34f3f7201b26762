import { recordAudit } from "@/lib/db/audit";
import { deleteRun, getRunDetail } from "@/lib/db/runs";
import { AppError } from "@/lib/errors";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";

/** One stored run with its timings, events and stats. */
export const GET = route({ access: "viewer" }, async ({ params }) => {
  const run = await getRunDetail(params.id ?? "");
  if (!run) throw new AppError("not_found", `No run ${params.id}.`);
  return json(run);
});

/** Deletes a run and everything stored with it (operator). */
export const DELETE = route({ access: "operator" }, async ({ principal, address, params }) => {
  if (!(await deleteRun(params.id ?? ""))) throw new AppError("not_found", `No run ${params.id}.`);
  await recordAudit({ actor: principal.username, action: "run.delete", target: params.id, address });
  return json({ deleted: true });
});
