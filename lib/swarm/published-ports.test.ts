import { describe, expect, it } from "vitest";
import type { PortMapping, Service } from "@/lib/compose/types";
import {
  assertSwarmPublishable,
  isAnyHost,
  isLoopbackHost,
  publishedOnSwarm,
  swarmPortPlan,
  unpublishedPortsLine,
} from "./published-ports";

const port = (hostIp: string, hostPort: number | null, protocol: "tcp" | "udp" = "tcp"): PortMapping => ({
  hostIp,
  hostPort,
  containerPort: hostPort ?? 8080,
  protocol,
});
const topology = (ports: Record<string, PortMapping[]>) => ({
  services: Object.entries(ports).map(([name, list]) => ({ name, ports: list }) as unknown as Service),
});

describe("the address of a port on Swarm", () => {
  it("tells loopback from every interface from one address", () => {
    for (const host of [
      "127.0.0.1",
      "127.1.2.3",
      "::1",
      "[::1]",
      "0:0:0:0:0:0:0:1",
      "localhost",
      "LOCALHOST",
    ])
      expect([host, isLoopbackHost(host)]).toEqual([host, true]);
    for (const host of ["0.0.0.0", "::", "", "[::]"]) expect([host, isAnyHost(host)]).toEqual([host, true]);
    for (const host of ["10.0.0.5", "192.168.1.2", "fe80::1", "128.0.0.1"]) {
      expect([host, isLoopbackHost(host) || isAnyHost(host)]).toEqual([host, false]);
    }
  });

  it("publishes only unspecified-address host ports", () => {
    expect(publishedOnSwarm(port("0.0.0.0", 80))).toBe(true);
    expect(publishedOnSwarm(port("127.0.0.1", 80))).toBe(false);
    expect(publishedOnSwarm(port("0.0.0.0", null))).toBe(false);
  });

  it("names the loopback ports left unpublished and why, null when none", () => {
    const t = topology({
      postgres: [port("127.0.0.1", 5432)],
      dns: [port("::1", 53, "udp")],
      web: [port("0.0.0.0", 80), port("127.0.0.1", null)],
    });
    expect(swarmPortPlan(t).mesh.map((p) => p.service)).toEqual(["web"]);
    expect(unpublishedPortsLine(t)).toBe(
      "not published on Swarm: postgres 127.0.0.1:5432, dns [::1]:53/udp (their address is loopback, and " +
        "Swarm publishes on every interface of every node; write 0.0.0.0:PORT in the file or set " +
        "PANEL_PUBLISH_HOST=0.0.0.0 to publish them)",
    );
    expect(unpublishedPortsLine(topology({ web: [port("0.0.0.0", 80)] }))).toBeNull();
  });

  it("refuses a port bound to one machine address, naming it, with field target", () => {
    expect(() =>
      assertSwarmPublishable(topology({ web: [port("0.0.0.0", 80), port("127.0.0.1", 81)] })),
    ).not.toThrow();
    expect(() => assertSwarmPublishable(topology({ web: [port("10.0.0.5", 80)] }))).toThrow(
      /^target: Swarm cannot publish a port on one address: web 10\.0\.0\.5:80 /,
    );
  });
});
