"use client";
import type { RunSnapshot } from "@/lib/deploy/browser-types";
import { unconfirmedText } from "@/lib/docker-confirmation";
import { formatMs } from "@/lib/format";

/**
 * The run's outcome by the strategy's readiness (health commands) as soon as it is reached, then
 * Docker's own confirmation on its own line: one number never stands for the other.
 */
export const RunClocks = ({ run }: { run: RunSnapshot }) => {
  if (run.kind === "teardown") return null;
  const clocks = run.result?.clocks ?? null;
  const finished = run.result !== null;
  const docker = !finished
    ? run.readyAt === null
      ? "—"
      : "confirming…"
    : clocks?.dockerHealthyMs != null
      ? formatMs(clocks.dockerHealthyMs)
      : unconfirmedText(run.result?.settings);
  return (
    <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm" data-testid="run-clocks">
      <div>
        <dt className="inline text-zinc-500">Preparation (request → first container): </dt>
        <dd className="inline" data-testid="clock-preparation">
          {clocks?.preparationMs != null ? formatMs(clocks.preparationMs) : "—"}
        </dd>
      </div>
      <div>
        <dt className="inline text-zinc-500">Ready (health commands): </dt>
        <dd className="inline font-medium" data-testid="clock-ready">
          {run.readyAt !== null ? formatMs(run.readyAt) : "—"}
        </dd>
      </div>
      <div>
        <dt className="inline text-zinc-500">Healthy (Docker): </dt>
        <dd className="inline" data-testid="clock-docker-healthy">
          {docker}
        </dd>
      </div>
    </dl>
  );
};
