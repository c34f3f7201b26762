// The only place dockerode is constructed. The panel's own engine comes from DOCKER_HOST (unix://,
// tcp://) or the default socket; further engines ("environments") are added by an admin
// (lib/docker/engine-connection.ts). Which engine a piece of work talks to is its *engine scope*: an
// operation on an environment runs inside `withEngine`, and every `getDocker()` below it (deploy,
// teardown, scale, stats, logs, leftovers) answers that engine, so the whole chain of one run —
// its timers, streams and bus subscribers included — stays on one engine without threading a client
// through every function. Outside any scope, `getDocker()` is the local engine.
import { AsyncLocalStorage } from "node:async_hooks";
import Docker from "dockerode";
import { globalSingleton } from "@/lib/global-singleton";
import { withEngineAgent } from "./engine-agent";

/** Connection options for dockerode from a DOCKER_HOST value (undefined: the default socket). */
export const dockerOptions = (dockerHost: string | undefined): Docker.DockerOptions => {
  if (!dockerHost) return { socketPath: "/var/run/docker.sock" };
  if (dockerHost.startsWith("unix://")) return { socketPath: dockerHost.slice("unix://".length) };
  const url = new URL(dockerHost.replace(/^tcp:/, "http:"));
  return { host: url.hostname, port: Number(url.port || 2375), protocol: "http" };
};

/** The id of the implicit environment of DOCKER_HOST; runs store null for it. */
export const LOCAL_ENVIRONMENT_ID = "local";

/** The engine a piece of work talks to. */
export type EngineScope = {
  /** LOCAL_ENVIRONMENT_ID for the panel's own engine, else the Environment row's id. */
  environmentId: string;
  environmentName: string;
  docker: Docker;
  /** Whether the engine runs on this host (its cgroups and /proc listeners are this machine's). */
  onThisHost: boolean;
};

const scopes = (): AsyncLocalStorage<EngineScope> =>
  globalSingleton("docker-engine-scope", () => new AsyncLocalStorage<EngineScope>());

/** The panel's own engine (DOCKER_HOST), whatever scope the caller is in. */
export const getLocalDocker = (): Docker =>
  globalSingleton("docker", () => new Docker(withEngineAgent(dockerOptions(process.env.DOCKER_HOST))));

/** The scope of the local engine. */
export const localEngineScope = (): EngineScope => ({
  environmentId: LOCAL_ENVIRONMENT_ID,
  environmentName: LOCAL_ENVIRONMENT_ID,
  docker: getLocalDocker(),
  // As before environments: the panel's own engine is taken to share this machine's ports.
  onThisHost: true,
});

/** The engine scope the caller runs in (the local engine outside any). */
export const currentEngine = (): EngineScope => scopes().getStore() ?? localEngineScope();

/** The environment id a run stores for `scope`: null for the panel's own engine. */
export const storedEnvironmentId = (scope: EngineScope = currentEngine()): string | null =>
  scope.environmentId === LOCAL_ENVIRONMENT_ID ? null : scope.environmentId;

/** The dockerode client of the caller's engine scope (the local engine outside any). */
export const getDocker = (): Docker => scopes().getStore()?.docker ?? getLocalDocker();

/** Runs `work` (and everything it starts) against `scope`'s engine. */
export const withEngine = <T>(scope: EngineScope, work: () => T): T => scopes().run(scope, work);
