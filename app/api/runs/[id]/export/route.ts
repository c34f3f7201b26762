import { getRunDetail } from "@/lib/db/runs";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { runExportCsv } from "@/lib/runs/export";

/** A stored run as a file: `?format=json` (everything) or `csv` (service timings). Secrets were redacted when stored. */
export const GET = route({ access: "viewer" }, async ({ req, params }) => {
  const run = await getRunDetail(params.id ?? "");
  if (!run) throw new AppError("not_found", `No run ${params.id}.`);
  const csv = new URL(req.url).searchParams.get("format") === "csv";
  return new Response(csv ? runExportCsv(run) : JSON.stringify(run, null, 2), {
    headers: {
      "content-type": csv ? "text/csv; charset=utf-8" : "application/json",
      "content-disposition": `attachment; filename="ollamamax-run-${run.id}.${csv ? "csv" : "json"}"`,
    },
  });
});
