// Probe modes on the real engine: auto checks postgres (startup message), redis (PING) and an HTTP
// health URL from the host against each container's address and readies them like their own
// commands would; a command it does not recognise is exec'd; docker mode waits for Docker's health.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTeardown, type RunResult } from "@/lib/deploy";
import { runHostCheck } from "@/lib/deploy/host-probes";
import { getDocker } from "@/lib/docker/client";
import { fixtureService, fixtureTopology, httpCheck } from "./fixtures/fixture-topology";
import { purgeProject, testSubnet, uniqueProject } from "./fixtures/deploy-support";
import { startApprovedDeploy } from "./fixtures/approved-deploy";

const check = (test: string[]) => httpCheck({ test, intervalMs: 1_000, startPeriodMs: 30_000 });
const topologyOf = (project: string, subnet: number) =>
  fixtureTopology({
    project,
    networks: [
      {
        name: "front",
        dockerName: `${project}_front`,
        driver: "bridge",
        external: false,
        internal: false,
        subnets: [{ subnet: testSubnet(subnet), gateway: null }],
        driverOpts: {},
        labels: {},
      },
    ],
    services: [
      fixtureService({
        name: "postgres",
        image: "ollamamax-local/postgres:15",
        command: null,
        environment: { POSTGRES_PASSWORD: "probe-test-password", POSTGRES_USER: "ollama" },
        healthcheck: check(["CMD-SHELL", "pg_isready -U ollama"]),
      }),
      fixtureService({
        name: "redis",
        image: "ollamamax-local/redis:7",
        command: null,
        healthcheck: check(["CMD", "redis-cli", "ping"]),
      }),
      fixtureService({
        name: "web",
        healthcheck: check(["CMD-SHELL", "wget -q -O- http://localhost:8080/health"]),
      }),
      fixtureService({ name: "file", healthcheck: check(["CMD-SHELL", "test -f /www/health"]) }),
    ],
  });

const projects = [uniqueProject(), uniqueProject()];
let auto: RunResult;
let docker: RunResult;

beforeAll(async () => {
  auto = await startApprovedDeploy({
    topology: topologyOf(projects[0] as string, 1),
    strategy: "dag",
    probeMode: "auto",
    followLogs: false,
  }).done;
  docker = await startApprovedDeploy({
    topology: topologyOf(projects[1] as string, 2),
    strategy: "dag",
    probeMode: "docker",
    followLogs: false,
  }).done;
});

afterAll(async () => {
  for (const project of projects) {
    await startTeardown({ project, stopTimeoutSeconds: 0 }).done.catch(() => undefined);
    await purgeProject(project);
  }
});

const kinds = (result: RunResult) => Object.fromEntries(result.services.map((s) => [s.service, s.probeKind]));

describe("probe modes", () => {
  it("auto: recognised commands are checked from the host, the others exec'd", () => {
    expect(auto.error).toBeNull();
    expect(auto.status).toBe("healthy");
    // pg_isready over the socket can pass on the entrypoint's temporary init server (loopback only)
    // before the network check does: either may decide postgres; the check itself is tested below.
    expect(kinds(auto)).toMatchObject({ redis: "redis", web: "http", file: "exec" });
    expect(["postgres", "exec"]).toContain(kinds(auto).postgres);
  });

  it("the host checks pass against the ready containers and fail on a closed port", async () => {
    const address = async (name: string) => {
      const info = await getDocker().getContainer(`${projects[0]}-${name}-1`).inspect();
      return Object.values(info.NetworkSettings.Networks)[0]?.IPAddress ?? "";
    };
    const pg = await address("postgres");
    expect(
      await runHostCheck({
        check: { kind: "postgres", port: 5432, user: "ollama", database: null },
        address: pg,
        timeoutMs: 2_000,
      }),
    ).toMatchObject({ ok: true });
    expect(
      await runHostCheck({
        check: { kind: "redis", port: 6379 },
        address: await address("redis"),
        timeoutMs: 2_000,
      }),
    ).toEqual({ ok: true, output: "+PONG", reached: true });
    expect(
      await runHostCheck({
        check: { kind: "http", port: 8080, path: "/health", failOnHttpError: true },
        address: await address("web"),
        timeoutMs: 2_000,
      }),
    ).toMatchObject({ ok: true });
    expect(
      await runHostCheck({
        check: { kind: "http", port: 8080, path: "/missing", failOnHttpError: true },
        address: await address("web"),
        timeoutMs: 2_000,
      }),
    ).toMatchObject({ ok: false });
    expect(
      await runHostCheck({
        check: { kind: "redis", port: 6380 },
        address: await address("redis"),
        timeoutMs: 2_000,
      }),
    ).toMatchObject({ ok: false });
  });

  it("docker: every service is ready only once Docker says healthy", () => {
    expect(docker.error).toBeNull();
    expect(docker.status).toBe("healthy");
    expect(Object.values(kinds(docker))).toEqual(["docker", "docker", "docker", "docker"]);
    for (const s of docker.services)
      expect(s.readyAt, s.service).toBeGreaterThanOrEqual((s.dockerHealthyAt ?? Infinity) - 1);
  });
});
