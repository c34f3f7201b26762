import { describe, expect, it } from "vitest";
import { parseTopology } from "./index";
import type { Service, Topology } from "./index";

const parse = (
  text: string,
  env: Record<string, string> = {},
  file = "/srv/My Project/compose.yml",
): Topology => {
  const result = parseTopology({ text, file, env, publishHost: "127.0.0.1" });
  if (!result.ok) throw new Error(result.errors.map((error) => error.message).join("\n"));
  return result.topology;
};
const only = (text: string, env: Record<string, string> = {}): Service => {
  const service = parse(text, env).services[0];
  if (!service) throw new Error("no service");
  return service;
};

describe("normalization of short and long syntaxes", () => {
  it("ports: host ip, ranges, udp, container-only and long form", () => {
    const service = only(`services:
  s:
    image: x
    ports:
      - "80:80"
      - "0.0.0.0:5432:5432"
      - "8080-8082:9080-9082"
      - "9090/udp"
      - 3000
      - "[::1]:53:53/udp"
      - { target: 443, published: "8443", host_ip: 10.0.0.1, protocol: tcp }
`);
    expect(service.ports).toEqual([
      { hostIp: "127.0.0.1", hostPort: 80, containerPort: 80, protocol: "tcp" },
      { hostIp: "0.0.0.0", hostPort: 5432, containerPort: 5432, protocol: "tcp" },
      { hostIp: "127.0.0.1", hostPort: 8080, containerPort: 9080, protocol: "tcp" },
      { hostIp: "127.0.0.1", hostPort: 8081, containerPort: 9081, protocol: "tcp" },
      { hostIp: "127.0.0.1", hostPort: 8082, containerPort: 9082, protocol: "tcp" },
      { hostIp: "127.0.0.1", hostPort: null, containerPort: 9090, protocol: "udp" },
      { hostIp: "127.0.0.1", hostPort: null, containerPort: 3000, protocol: "tcp" },
      { hostIp: "::1", hostPort: 53, containerPort: 53, protocol: "udp" },
      { hostIp: "10.0.0.1", hostPort: 8443, containerPort: 443, protocol: "tcp" },
    ]);
  });

  it("volumes: relative binds resolved, named, anonymous, long form, read-only", () => {
    const service = only(`services:
  s:
    image: x
    volumes:
      - ./conf/nginx.conf:/etc/nginx/nginx.conf:ro
      - ../shared:/shared
      - /abs:/abs:rw
      - data:/data
      - /anonymous
      - { type: bind, source: ./long, target: /long, read_only: true }
      - { type: tmpfs, target: /tmp }
volumes:
  data:
`);
    expect(service.volumes).toEqual([
      {
        type: "bind",
        source: "/srv/My Project/conf/nginx.conf",
        target: "/etc/nginx/nginx.conf",
        readOnly: true,
      },
      { type: "bind", source: "/srv/shared", target: "/shared", readOnly: false },
      { type: "bind", source: "/abs", target: "/abs", readOnly: false },
      { type: "volume", source: "data", target: "/data", readOnly: false },
      { type: "volume", source: null, target: "/anonymous", readOnly: false },
      { type: "bind", source: "/srv/My Project/long", target: "/long", readOnly: true },
      { type: "tmpfs", source: null, target: "/tmp", readOnly: false },
    ]);
  });

  it("environment as list or map; a bare KEY takes the caller's env", () => {
    const listed = only(
      `services:\n  s:\n    image: x\n    environment: ["A=1", "B=x=y", "FROM_ENV", "NOT_SET"]\n`,
      { FROM_ENV: "env-value" },
    );
    expect(listed.environment).toEqual({ A: "1", B: "x=y", FROM_ENV: "env-value" });
    const mapped = only(
      `services:\n  s:\n    image: x\n    environment:\n      N: 3\n      T: true\n      FROM_ENV:\n`,
      { FROM_ENV: "e" },
    );
    expect(mapped.environment).toEqual({ N: "3", T: "true", FROM_ENV: "e" });
  });

  it("healthcheck: string test, defaults, disable and NONE", () => {
    expect(
      only(
        `services:\n  s:\n    image: x\n    healthcheck:\n      test: curl -f localhost\n      interval: 1m30s\n      start_period: 1.5s\n`,
      ).healthcheck,
    ).toEqual({
      test: ["CMD-SHELL", "curl -f localhost"],
      intervalMs: 90_000,
      timeoutMs: 30_000,
      retries: 3,
      startPeriodMs: 1_500,
      startIntervalMs: null,
    });
    expect(
      only(`services:\n  s:\n    image: x\n    healthcheck:\n      disable: true\n`).healthcheck,
    ).toBeNull();
    expect(
      only(`services:\n  s:\n    image: x\n    healthcheck:\n      test: ["NONE"]\n`).healthcheck,
    ).toBeNull();
    // Disabled is not the same as absent: it must reach the container to switch off the image's check.
    expect(
      only(`services:\n  s:\n    image: x\n    healthcheck:\n      disable: true\n`).healthcheckDisabled,
    ).toBe(true);
    expect(only(`services:\n  s:\n    image: x\n`).healthcheckDisabled).toBe(false);
  });

  it("depends_on list and map, with condition, required and restart", () => {
    const topology = parse(`services:
  a:
    image: x
    depends_on:
      b: { condition: service_healthy, required: false, restart: true }
      c: { condition: service_completed_successfully }
  b: { image: x, depends_on: [c] }
  c: { image: x }
`);
    expect(topology.services[0]?.dependsOn).toEqual([
      { service: "b", condition: "service_healthy", required: false, restart: true },
      { service: "c", condition: "service_completed_successfully", required: true, restart: false },
    ]);
    expect(topology.services[1]?.dependsOn).toEqual([
      { service: "c", condition: "service_started", required: true, restart: false },
    ]);
  });

  it("resources: deploy limits/reservations and the legacy cpus / mem_limit keys", () => {
    expect(
      only(`services:\n  s:\n    image: x\n    cpus: 1.5\n    mem_limit: 1024k\n    mem_reservation: 512m\n`)
        .resources,
    ).toEqual({
      cpusLimit: 1.5,
      memoryLimitBytes: 1024 ** 2,
      cpusReservation: null,
      memoryReservationBytes: 512 * 1024 ** 2,
    });
    expect(
      only(
        `services:\n  s:\n    image: x\n    deploy: { resources: { limits: { cpus: "0.25", memory: 1.5G }, reservations: { cpus: 0.1 } } }\n`,
      ).resources,
    ).toEqual({
      cpusLimit: 0.25,
      memoryLimitBytes: 1.5 * 1024 ** 3,
      cpusReservation: 0.1,
      memoryReservationBytes: null,
    });
  });

  it("networks: default network created, aliases always include the service name, ipv4_address kept", () => {
    const topology = parse(`services:
  plain: { image: x }
  wired:
    image: x
    networks:
      back: { aliases: [db, wired], ipv4_address: 10.5.0.9 }
networks:
  back:
    name: shared-back
    ipam: { config: [{ subnet: 10.5.0.0/24, gateway: 10.5.0.1 }] }
`);
    expect(topology.project).toBe("myproject");
    expect(topology.services[0]?.networks).toEqual([
      { name: "default", aliases: ["plain"], ipv4Address: null },
    ]);
    expect(topology.services[1]?.networks).toEqual([
      { name: "back", aliases: ["wired", "db"], ipv4Address: "10.5.0.9" },
    ]);
    expect(topology.networks.map((network) => [network.name, network.dockerName, network.subnets])).toEqual([
      ["back", "shared-back", [{ subnet: "10.5.0.0/24", gateway: "10.5.0.1" }]],
      ["default", "myproject_default", []],
    ]);
  });

  it("project name from top-level name:, restart, labels, command string split like a shell", () => {
    const topology = parse(`name: Cluster_A!
services:
  s:
    image: x
    restart: on-failure:3
    labels: ["team=ml", "tier"]
    command: sh -c 'echo "a b"'
`);
    expect(topology.project).toBe("cluster_a");
    expect(topology.services[0]).toMatchObject({
      restart: "on-failure",
      labels: { team: "ml", tier: "" },
      command: ["sh", "-c", 'echo "a b"'],
    });
  });
});
