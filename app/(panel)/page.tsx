import { StatusCard } from "@/components/shell/status-card";
import { databaseStatus } from "@/lib/db/client";
import { engineStatus } from "@/lib/docker/engine";

export const dynamic = "force-dynamic";

const DashboardPage = async () => {
  const [engine, database] = await Promise.all([engineStatus(), databaseStatus()]);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Dashboard</h1>
      <div className="grid gap-4 md:grid-cols-2">
        <StatusCard title="Docker engine" tone={engine.reachable ? "ok" : "error"} testId="engine-card">
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
        <StatusCard title="Database" tone={database.ok ? "ok" : "error"} testId="database-card">
          {database.ok ? <p>SQLite ready</p> : <p role="alert">Database error: {database.error}</p>}
        </StatusCard>
      </div>
    </div>
  );
};

export default DashboardPage;
