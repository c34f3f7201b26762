// The dashboard's two status cards: the Docker engine it shows (or why it cannot be reached) and the
// database (or why no run starts: not writable, runs whose recording is delayed).
import { StatusCard } from "@/components/shell/status-card";
import type { DashboardPageModel } from "@/lib/operations/dashboard-page-model";

export function DashboardStatusCards({
  environment,
  engine,
  database,
  writes,
}: Pick<DashboardPageModel, "environment" | "engine" | "database" | "writes">) {
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <StatusCard
        title={`Docker engine · ${environment ?? "local"}`}
        tone={engine.reachable ? "ok" : "error"}
        testId="engine-card"
      >
        {engine.reachable ? (
          <p>
            Docker {engine.version} (API {engine.apiVersion}) on {engine.os} · {engine.cpus} CPUs ·{" "}
            {(engine.memoryBytes / 2 ** 30).toFixed(1)} GiB
          </p>
        ) : (
          <div role="alert" className="space-y-1">
            <p className="font-medium text-red-700 dark:text-red-400">Docker is not reachable.</p>
            <p>{engine.hint}</p>
            <p className="text-xs text-zinc-500">Engine said: {engine.error}</p>
          </div>
        )}
      </StatusCard>
      <StatusCard
        title="Database"
        tone={database.ok && writes.writable ? "ok" : "error"}
        testId="database-card"
      >
        {!database.ok ? (
          <p role="alert">Database error: {database.error}</p>
        ) : writes.writable ? (
          <p>Ready · {writes.location}</p>
        ) : (
          <div role="alert" className="space-y-1">
            <p className="font-medium text-red-700 dark:text-red-400">
              Not writable: no run starts until it is.
            </p>
            <p>
              {writes.location}: {writes.error}
            </p>
            {writes.delayedRuns.map((run) => (
              <p key={run.runId} data-testid="recording-delayed">
                Run {run.runId}: recording delayed: {run.error} (since {run.since}); its events are kept and
                written once the database takes them.
              </p>
            ))}
          </div>
        )}
      </StatusCard>
    </div>
  );
}
