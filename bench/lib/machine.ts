// The machine a report was measured on: CPU model, cores, memory, kernel, engine version, load.
import { readFileSync } from "node:fs";
import os from "node:os";
import { getDocker } from "@/lib/docker/client";

export type Machine = {
  cpuModel: string;
  cores: number;
  memoryBytes: number;
  kernel: string;
  engineVersion: string | null;
  composeVersion: string | null;
  loadAverage: number[];
  otherContainers: number;
};

/** Facts about this host and its Docker engine. */
export const machineFacts = async (composeVersion: string | null): Promise<Machine> => {
  const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
  const model = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? "unknown";
  const docker = getDocker();
  const version = await docker.version().catch(() => null);
  const running = await docker.listContainers().catch(() => []);
  return {
    cpuModel: model.trim(),
    cores: os.cpus().length,
    memoryBytes: os.totalmem(),
    kernel: `${os.type()} ${os.release()}`,
    engineVersion: version?.Version ?? null,
    composeVersion,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    otherContainers: running.length,
  };
};
