import { execFileSync } from "node:child_process";

const docker = (args: string[]): string => execFileSync("docker", args).toString().trim();

/**
 * Removes what a failed test left of a compose project (containers, then networks), so the next
 * test or run does not find its ports taken. A passing test has torn down already: then a no-op.
 */
export const removeProjectLeftovers = (project: string): void => {
  const filter = ["--filter", `label=com.docker.compose.project=${project}`];
  const containers = docker(["ps", "-aq", ...filter])
    .split("\n")
    .filter(Boolean);
  if (containers.length) docker(["rm", "-f", ...containers]);
  const networks = docker(["network", "ls", "-q", ...filter])
    .split("\n")
    .filter(Boolean);
  if (networks.length) docker(["network", "rm", ...networks]);
};
