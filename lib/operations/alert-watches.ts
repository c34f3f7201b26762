// The alert watches the server starts at boot: the panel's own engine and every added environment's
// (one added later is watched from then on and a removed one no longer: lib/operations/environments.ts).
import { watchEngine } from "@/lib/alerts";
import { listEnvironments } from "@/lib/db/environments";
import { findEngineScope } from "./environments";

/** The panel's own engine, then every added environment (one that cannot be opened is logged). */
export const startAlertWatches = async (): Promise<void> => {
  const local = await findEngineScope(null);
  if (local) watchEngine(local);
  for (const env of await listEnvironments()) {
    try {
      const scope = await findEngineScope(env.id);
      if (scope) watchEngine(scope);
    } catch (error) {
      console.error(`alerts: environment "${env.name}" is not watched:`, error);
    }
  }
};
