import { databaseStatus } from "@/lib/db/client";
import { databaseWriteHealth } from "@/lib/db/write-health";
import { engineStatus } from "@/lib/docker/engine";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { PANEL_VERSION } from "@/lib/version";

export const dynamic = "force-dynamic";

/**
 * Panel, database and Docker engine status; 200 even when Docker is down (the panel is up).
 * Anonymous callers get the status and versions only; signed-in ones also the errors and host facts.
 * `database.writable` is false while the database cannot take a run (disk full, read-only, below the
 * free-space threshold) or a run's recording is delayed; `error` says which.
 */
export const GET = route({ access: "public" }, async ({ principal }) => {
  const [status, writes, docker] = await Promise.all([
    databaseStatus(),
    databaseWriteHealth(),
    engineStatus(),
  ]);
  const database = { ...status, ...writes, error: status.ok ? writes.error : status.error };
  const body = { panel: { version: PANEL_VERSION }, database, docker };
  if (principal) return json(body);
  return json({
    panel: body.panel,
    database: { ok: database.ok, writable: database.writable },
    docker: docker.reachable
      ? { reachable: true, version: docker.version, apiVersion: docker.apiVersion }
      : { reachable: false },
  });
});
