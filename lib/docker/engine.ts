import { getDocker } from "./client";

export type EngineStatus =
  | { reachable: true; version: string; apiVersion: string; os: string; cpus: number; memoryBytes: number }
  | { reachable: false; error: string; hint: string };

/** Asks the engine who it is; never throws, so the panel keeps working without Docker. */
export const engineStatus = async (): Promise<EngineStatus> => {
  const docker = getDocker();
  try {
    const [version, info] = await Promise.all([docker.version(), docker.info()]);
    return {
      reachable: true,
      version: version.Version,
      apiVersion: version.ApiVersion,
      os: `${info.OperatingSystem} (${info.Architecture})`,
      cpus: info.NCPU,
      memoryBytes: info.MemTotal,
    };
  } catch (error) {
    const where = process.env.DOCKER_HOST ?? "unix:///var/run/docker.sock";
    return {
      reachable: false,
      error: error instanceof Error ? error.message : String(error),
      hint:
        `No Docker engine answers at ${where}. Start it (sudo systemctl start docker, or ` +
        `run scripts/env/ensure-docker.sh as root), or point DOCKER_HOST at a running engine.`,
    };
  }
};
