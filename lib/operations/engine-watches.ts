// What the server watches on every engine it knows, from boot: the panel's own and every added
// environment's — its alert watch and its resource-history recorder. One added later is watched
// from then on, and a removed one no longer (lib/operations/environments.ts).
import { watchEngine } from "@/lib/alerts";
import type { EngineScope } from "@/lib/docker/client";
import { listEnvironments } from "@/lib/db/environments";
import { startStatsHistory } from "@/lib/recording";
import { findEngineScope } from "./environments";

const watchAll = (scope: EngineScope): void => {
  watchEngine(scope);
  startStatsHistory(scope);
};

/** The panel's own engine, then every added environment (one that cannot be opened is logged). */
export const startEngineWatches = async (): Promise<void> => {
  const local = await findEngineScope(null);
  if (local) watchAll(local);
  for (const env of await listEnvironments()) {
    try {
      const scope = await findEngineScope(env.id);
      if (scope) watchAll(scope);
    } catch (error) {
      console.error(`environment "${env.name}" is not watched (alerts, resource history):`, error);
    }
  }
};
