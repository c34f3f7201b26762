import { databaseStatus } from "@/lib/db/client";
import { engineStatus } from "@/lib/docker/engine";
import { PANEL_VERSION } from "@/lib/version";

export const dynamic = "force-dynamic";

/** Panel, database and Docker engine status. Answers 200 even when Docker is down: the panel is up. */
export const GET = async (): Promise<Response> => {
  const [database, docker] = await Promise.all([databaseStatus(), engineStatus()]);
  return Response.json({ panel: { version: PANEL_VERSION }, database, docker });
};
