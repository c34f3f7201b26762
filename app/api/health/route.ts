import { databaseStatus } from "@/lib/db/client";
import { engineStatus } from "@/lib/docker/engine";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { PANEL_VERSION } from "@/lib/version";

export const dynamic = "force-dynamic";

/**
 * Panel, database and Docker engine status; 200 even when Docker is down (the panel is up).
 * Anonymous callers get the status and versions only; signed-in ones also the errors and host facts.
 */
export const GET = route({ access: "public" }, async ({ principal }) => {
  const [database, docker] = await Promise.all([databaseStatus(), engineStatus()]);
  const body = { panel: { version: PANEL_VERSION }, database, docker };
  if (principal) return json(body);
  return json({
    panel: body.panel,
    database: { ok: database.ok },
    docker: docker.reachable
      ? { reachable: true, version: docker.version, apiVersion: docker.apiVersion }
      : { reachable: false },
  });
});
