// What preflight needs to know about this host: cores, memory, ports in use, Docker's subnets.
import fs from "node:fs/promises";
import type { HostFacts } from "@/lib/compose";
import { getDocker } from "./client";

const LISTEN = "0A";

/** Listening TCP sockets from /proc/net/tcp{,6} (empty where /proc is not Linux's). */
const hostListeners = async (): Promise<HostFacts["usedPorts"]> => {
  const ports: HostFacts["usedPorts"] = [];
  for (const [file, any] of [
    ["/proc/net/tcp", "0.0.0.0"],
    ["/proc/net/tcp6", "::"],
  ] as const) {
    const text = await fs.readFile(file, "utf8").catch(() => "");
    for (const line of text.split("\n").slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (!local || state !== LISTEN) continue;
      const [addressHex, portHex] = local.split(":");
      const loopback = addressHex === "0100007F" || addressHex === "00000000000000000000000001000000";
      ports.push({
        hostIp: loopback ? "127.0.0.1" : any,
        port: parseInt(portHex ?? "0", 16),
        protocol: "tcp",
      });
    }
  }
  return ports;
};

/** Host facts from the Docker engine and /proc; throws when the engine is unreachable. */
export const hostFacts = async (): Promise<HostFacts> => {
  const docker = getDocker();
  const [info, containers, networks, listeners] = await Promise.all([
    docker.info(),
    docker.listContainers(),
    docker.listNetworks(),
    hostListeners(),
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
