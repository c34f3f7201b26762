// A run page's head: what ran and how it ended, a regression mark, the exports and the effective
// file, Delete and Deploy this again for operators, and the runs it was deployed again from or as.
import Link from "next/link";
import { DeleteRunButton } from "@/components/runs/delete-run-button";
import { RedeployButton } from "@/components/runs/redeploy-button";
import { formatMs } from "@/lib/format";
import { REGRESSION_MARGIN } from "@/lib/runs/aggregate";
import type { RunPageModel } from "@/lib/runs/run-page-model";

export function RunHeader({ model, canOperate }: { model: RunPageModel; canOperate: boolean }) {
  const { run } = model;
  return (
    <>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">
          Run {run.topology} · {run.strategy}
        </h1>
        <span className="rounded bg-zinc-100 px-2 text-sm dark:bg-zinc-800">
          {run.kind} · {run.status.replace("_", " ")}
        </span>
        {run.regression && (
          <span className="rounded bg-amber-100 px-2 text-sm text-amber-800">
            regression: slower than the median {formatMs(run.baselineMedianMs)} of earlier runs by &gt;{" "}
            {REGRESSION_MARGIN * 100} %
          </span>
        )}
        <a href={`/api/runs/${run.id}/export?format=json`} className="text-sm underline">
          Export JSON
        </a>
        <a href={`/api/runs/${run.id}/export?format=csv`} className="text-sm underline">
          Export CSV
        </a>
        {model.hasEffectiveFile && (
          <a
            href={`/api/runs/${run.id}/effective`}
            className="text-sm underline"
            data-testid="effective-file"
          >
            Effective compose file
          </a>
        )}
        {canOperate && <DeleteRunButton id={run.id} after="/runs" />}
      </div>
      {(model.hasEffectiveFile || model.redeployOf || model.redeployedAs.length > 0) && (
        <div className="flex flex-wrap items-center gap-3 text-sm" data-testid="redeploy-links">
          {model.hasEffectiveFile && run.kind === "deploy" && canOperate && <RedeployButton id={run.id} />}
          {model.redeployOf && (
            <span data-testid="redeploy-of">
              Deployed again from run{" "}
              <Link className="underline" href={`/runs/${model.redeployOf}`}>
                {model.redeployOf}
              </Link>{" "}
              ·{" "}
              <Link className="underline" href={`/compare?ids=${model.redeployOf},${run.id}`}>
                Compare side by side
              </Link>
            </span>
          )}
          {model.redeployedAs.map((again) => (
            <span key={again} data-testid="redeployed-as">
              Deployed again as run{" "}
              <Link className="underline" href={`/runs/${again}`}>
                {again}
              </Link>{" "}
              ·{" "}
              <Link className="underline" href={`/compare?ids=${run.id},${again}`}>
                Compare side by side
              </Link>
            </span>
          ))}
        </div>
      )}
    </>
  );
}
