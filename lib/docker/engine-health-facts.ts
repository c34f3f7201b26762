// Facts the alert rules read from the engine: a container's health-check interval, how full the
// file system under Docker's data root is, whether the engine answers, and its Swarm nodes' states.
import { statfs } from "node:fs/promises";
import type Docker from "dockerode";
import { dockerStatusCode } from "./docker-error";
import { classifyEngineError } from "./engine-failure";

/** Docker's default health-check interval (30 s) when the image or file sets none. */
export const DEFAULT_HEALTH_INTERVAL_MS = 30_000;

/** The container's health-check interval in ms; null when it has no health check (or is gone). */
export const healthIntervalMs = async ({
  docker,
  containerId,
}: {
  docker: Docker;
  containerId: string;
}): Promise<number | null> => {
  try {
    const info = await docker.getContainer(containerId).inspect();
    const check = info.Config.Healthcheck;
    if (!check?.Test || check.Test.length === 0 || check.Test[0] === "NONE") return null;
    const intervalNs = check.Interval ?? 0;
    return intervalNs > 0 ? Math.round(intervalNs / 1e6) : DEFAULT_HEALTH_INTERVAL_MS;
  } catch {
    return null;
  }
};

export type DataRootUse = { path: string; usedFraction: number; freeBytes: number; totalBytes: number };

/**
 * How full Docker's data root is, read with statfs on this machine; null when the path is not on
 * this machine's file systems (a remote engine, or a panel in a container without the mount).
 */
export const dataRootUse = async ({ docker }: { docker: Docker }): Promise<DataRootUse | null> => {
  const info = (await docker.info()) as { DockerRootDir?: string };
  const path = info.DockerRootDir;
  if (!path) return null;
  try {
    // statfs is not a read of the path's content: a FIFO or device there cannot block.
    const fs = await statfs(path);
    const totalBytes = fs.blocks * fs.bsize;
    if (totalBytes <= 0) return null;
    const freeBytes = fs.bavail * fs.bsize;
    return { path, usedFraction: 1 - freeBytes / totalBytes, freeBytes, totalBytes };
  } catch {
    return null;
  }
};

/** How long a ping may take before the engine counts as not answering. */
export const ENGINE_PING_TIMEOUT_MS = 5_000;

/** Null when the engine answered its ping in time, else why not (one sentence). */
export const engineNoAnswer = async ({
  docker,
  timeoutMs = ENGINE_PING_TIMEOUT_MS,
}: {
  docker: Docker;
  timeoutMs?: number;
}): Promise<string | null> => {
  try {
    // docker-modem aborts the request (and its socket) at the deadline: a frozen engine never
    // leaves pings piling up.
    // (dockerode's ping takes { abortSignal }; its type does not say so.)
    const ping = docker.ping.bind(docker) as unknown as (options: {
      abortSignal: AbortSignal;
    }) => Promise<unknown>;
    await ping({ abortSignal: AbortSignal.timeout(timeoutMs) });
    return null;
  } catch (error) {
    if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError"))
      return `no answer to a ping within ${timeoutMs / 1000} s`;
    return classifyEngineError(error).message;
  }
};

/** A Swarm node as the reachability rule reads it. */
export type SwarmNodeState = {
  id: string;
  hostname: string;
  role: string;
  /** Docker's Status.State (ready, down, unknown, disconnected). */
  state: string;
  /** Ready, and (a manager) its manager reachable. */
  reachable: boolean;
  /** Why not, for people: "down", "a manager that is unreachable". */
  why: string;
};

type RawSwarmNode = {
  ID: string;
  Spec?: { Role?: string };
  Description?: { Hostname?: string };
  Status?: { State?: string };
  ManagerStatus?: { Reachability?: string };
};

/** The nodes of the swarm the engine manages; null when it manages none (no swarm, or a worker). */
export const swarmNodeStates = async ({ docker }: { docker: Docker }): Promise<SwarmNodeState[] | null> => {
  // Asked with every ping: the node list alone (an engine that manages no swarm answers 503), not
  // `docker info`, which gathers the whole engine's state each time.
  let listed: RawSwarmNode[];
  try {
    listed = (await docker.listNodes()) as RawSwarmNode[];
  } catch (error) {
    if (dockerStatusCode(error) === 503) return null;
    throw error;
  }
  return listed.map((node) => {
    const state = node.Status?.State ?? "unknown";
    const managerUnreachable = node.ManagerStatus?.Reachability === "unreachable";
    return {
      id: node.ID,
      hostname: node.Description?.Hostname ?? node.ID,
      role: node.Spec?.Role ?? "worker",
      state,
      reachable: state === "ready" && !managerUnreachable,
      why: state !== "ready" ? state : "a manager that is unreachable",
    };
  });
};
