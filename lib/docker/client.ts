// The only place dockerode is constructed. Honours DOCKER_HOST (unix://, tcp://) and the default socket.
import Docker from "dockerode";
import { globalSingleton } from "@/lib/global-singleton";

/** Connection options for dockerode from a DOCKER_HOST value (undefined: the default socket). */
export const dockerOptions = (dockerHost: string | undefined): Docker.DockerOptions => {
  if (!dockerHost) return { socketPath: "/var/run/docker.sock" };
  if (dockerHost.startsWith("unix://")) return { socketPath: dockerHost.slice("unix://".length) };
  const url = new URL(dockerHost.replace(/^tcp:/, "http:"));
  return { host: url.hostname, port: Number(url.port || 2375), protocol: "http" };
};

/** The process-wide dockerode client. */
export const getDocker = (): Docker =>
  globalSingleton("docker", () => new Docker(dockerOptions(process.env.DOCKER_HOST)));
