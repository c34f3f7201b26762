import { downloadAnswer } from "@/lib/api/download";
import { getEffectiveTopologies } from "@/lib/db/effective-files";
import { getRunDetail } from "@/lib/db/runs";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { runEffectiveFile } from "@/lib/runs/effective-file";

/** The compose file a run really deployed (secrets as ${VAR} references), as YAML. */
export const GET = route({ access: "viewer" }, async ({ params }) => {
  const id = params.id ?? "";
  const [run, stored] = await Promise.all([getRunDetail(id), getEffectiveTopologies([id])]);
  if (!run) throw new AppError("not_found", `No run ${id}.`);
  const effective = stored.get(id);
  if (!effective)
    throw new AppError(
      "not_found",
      `Run ${id} has no stored effective file: only deploys started after this feature existed keep one.`,
    );
  return downloadAnswer({
    body: runEffectiveFile({ run, stored: effective }),
    name: `ollamamax-run-${run.id}-effective`,
    extension: "yml",
  });
});
