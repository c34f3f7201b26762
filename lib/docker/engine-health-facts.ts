// Facts the alert rules read from the engine: a container's health-check interval and how full the
// file system under Docker's data root is.
import { statfs } from "node:fs/promises";
import type Docker from "dockerode";

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
