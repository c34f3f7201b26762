// The running alert watches, one per engine: the panel's own (started at boot) and each added
// environment's (started at boot and when it is added, stopped when it is removed). A rule change
// reloads them all at once.
import type Docker from "dockerode";
import { getDeployBus } from "@/lib/deploy/bus";
import { LOCAL_ENVIRONMENT_ID, type EngineScope } from "@/lib/docker/client";
import { openAlerts } from "@/lib/db/alerts";
import { globalSingleton } from "@/lib/global-singleton";
import { applySignal } from "./sink";
import { REMOTE_ENGINE_PING_EVERY_MS, startAlertWatch, type AlertWatch } from "./watch";

const LOCAL = LOCAL_ENVIRONMENT_ID;
const registry = (): Map<string, AlertWatch> =>
  globalSingleton("alert-watches", () => new Map<string, AlertWatch>());

/** The engine an alert watch watches: null environment for the panel's own. */
export type WatchedEngine = {
  environment: string | null;
  docker: Docker;
  engineName: string;
  /** Whether the engine's data root is on this machine's file systems (else it is not measured). */
  onThisHost: boolean;
};

/** Starts the engine's watch unless one runs; answers the running one. */
export const ensureAlertWatch = ({
  environment,
  docker,
  engineName,
  onThisHost,
}: WatchedEngine): AlertWatch => {
  const key = environment ?? LOCAL;
  const running = registry().get(key);
  if (running) return running;
  const watch = startAlertWatch({
    docker,
    bus: getDeployBus(),
    environment,
    engineName,
    measureDataRoot: onThisHost,
    ...(environment === null ? {} : { engineEveryMs: REMOTE_ENGINE_PING_EVERY_MS }),
  });
  registry().set(key, watch);
  return watch;
};

/** Starts the watch of an engine scope (the panel's own or an added environment's); idempotent. */
export const watchEngine = (scope: EngineScope): AlertWatch => {
  const local = scope.environmentId === LOCAL;
  return ensureAlertWatch({
    environment: local ? null : scope.environmentId,
    docker: scope.docker,
    engineName: local ? "the panel's Docker engine" : `environment "${scope.environmentName}"`,
    onThisHost: scope.onThisHost,
  });
};

/** Stops an environment's watch (it was removed); nothing when none runs. */
export const stopAlertWatch = (environment: string): void => {
  registry().get(environment)?.stop();
  registry().delete(environment);
};

/**
 * Stops a removed environment's watch and resolves its open alerts (nothing will ever resolve them
 * otherwise), each with `detail`.
 */
export const forgetEnvironment = async (environment: string, detail: string): Promise<void> => {
  stopAlertWatch(environment);
  for (const row of await openAlerts())
    if (row.environment === environment) await applySignal({ kind: "resolve", key: row.key, detail });
};

/** The environments watched now (null: the panel's own engine). */
export const watchedEnvironments = (): (string | null)[] =>
  [...registry().keys()].map((key) => (key === LOCAL ? null : key));

/** Every running watch reads the stored rule settings again (after a change through the API). */
export const reloadAlertSettings = async (): Promise<void> => {
  await Promise.all([...registry().values()].map((watch) => watch.reloadSettings()));
};
