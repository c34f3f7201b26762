import { downloadAnswer } from "@/lib/api/download";
import { getRunDetail } from "@/lib/db/runs";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { runExportCsv } from "@/lib/runs/export";

/** A stored run as a file: `?format=json` (everything) or `csv` (service timings). Secrets were redacted when stored. */
export const GET = route({ access: "viewer" }, async ({ req, params }) => {
  const run = await getRunDetail(params.id ?? "");
  if (!run) throw new AppError("not_found", `No run ${params.id}.`);
  const csv = new URL(req.url).searchParams.get("format") === "csv";
  return downloadAnswer({
    body: csv ? runExportCsv(run) : JSON.stringify(run, null, 2),
    name: `ollamamax-run-${run.id}`,
    extension: csv ? "csv" : "json",
  });
});
