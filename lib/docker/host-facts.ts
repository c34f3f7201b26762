// What preflight needs to know about this host: cores, memory, ports in use, Docker's subnets.
import fs from "node:fs/promises";
import type { HostFacts } from "@/lib/compose";
import { currentEngine, getDocker } from "./client";

const LISTEN = "0A";

/** Listening TCP sockets from /proc/net/tcp{,6} (empty where /proc is not Linux's). */
const parseListeners = (text: string, any: string): HostFacts["usedPorts"] =>
  text
    .split("\n")
    .slice(1)
    .flatMap((line) => {
      const [, local, , state] = line.trim().split(/\s+/);
      if (!local || state !== LISTEN) return [];
      const [addressHex, portHex] = local.split(":");
      const loopback = addressHex === "0100007F" || addressHex === "00000000000000000000000001000000";
      return [{ hostIp: loopback ? "127.0.0.1" : any, port: parseInt(portHex ?? "0", 16), protocol: "tcp" }];
    });

/** Listening TCP sockets from /proc/net/tcp{,6} (empty where /proc is not Linux's). */
const hostListeners = async (): Promise<HostFacts["usedPorts"]> => {
  // Literal paths: a computed one makes the bundler trace the whole project.
  const [v4, v6] = await Promise.all([
    fs.readFile("/proc/net/tcp", "utf8").catch(() => ""),
    fs.readFile("/proc/net/tcp6", "utf8").catch(() => ""),
  ]);
  return [...parseListeners(v4, "0.0.0.0"), ...parseListeners(v6, "::")];
};

/** The engine's cores and memory: all fitting to the host needs (one Engine call). */
export const hostCapacity = async (): Promise<Pick<HostFacts, "cpus" | "memoryBytes">> => {
  const info = await getDocker().info();
  return { cpus: info.NCPU, memoryBytes: info.MemTotal };
};

/** Host facts from the Docker engine and /proc; throws when the engine is unreachable. */
export const hostFacts = async (): Promise<HostFacts> => {
  const docker = getDocker();
  const [info, containers, networks, listeners] = await Promise.all([
    docker.info(),
    docker.listContainers(),
    docker.listNetworks(),
    // Ports other programs hold are this machine's; an engine elsewhere has its own (Docker lists its containers').
    currentEngine().onThisHost ? hostListeners() : Promise.resolve([]),
  ]);
  const published = containers.flatMap((c) =>
    (c.Ports ?? [])
      .filter((p) => p.PublicPort)
      .map((p) => ({ hostIp: p.IP || "0.0.0.0", port: p.PublicPort, protocol: p.Type })),
  );
  return {
    cpus: info.NCPU,
    memoryBytes: info.MemTotal,
    usedPorts: [...published, ...listeners],
    networks: networks.map((n) => ({
      name: n.Name,
      subnets: (n.IPAM?.Config ?? []).flatMap((c) => (c.Subnet ? [c.Subnet] : [])),
    })),
  };
};
