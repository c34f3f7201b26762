// Phased deploy of a small dual-homed fixture on the real engine: what Docker holds afterwards
// matches the topology, phases keep their order, readiness is measured to within 0.5 s, Compose
// sees the containers, and teardown leaves nothing with the project label.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Topology } from "@/lib/compose/types";
import { getDocker } from "@/lib/docker/client";
import { execHealthTest } from "@/lib/docker/exec";
import { LABEL } from "@/lib/docker/labels";
import { findProjectContainers } from "@/lib/docker/project-objects";
import { clusterStatus, getDeployBus, startTeardown } from "@/lib/deploy";
import type { DeployEvent, RunResult } from "@/lib/deploy";
import {
  dependsOn,
  fixtureNetwork,
  fixtureService,
  fixtureTopology,
  HTTPD,
} from "./fixtures/fixture-topology";
import { calibrateEngine, containerCostMs } from "./fixtures/engine-calibration";
import {
  dockerCompose,
  leftovers,
  purgeProject,
  testSubnet,
  uniqueProject,
  uptimeToWallMs,
} from "./fixtures/deploy-support";
import { startApprovedDeploy } from "./fixtures/approved-deploy";

const MIB = 1024 ** 2;
const project = uniqueProject();
const calibration = await calibrateEngine();
const [frontSubnet, backSubnet] = [testSubnet(1), testSubnet(2)];
const net = (name: string, subnet: string) =>
  fixtureNetwork({ project, name, subnet, labels: { "org.example.tier": name } });

const topology: Topology = fixtureTopology({
  project,
  networks: [net("front", frontSubnet), net("back", backSubnet)],
  volumes: [{ name: "db-data", dockerName: `${project}_db-data`, driver: "local", external: false }],
  services: [
    fixtureService({
      name: "db",
      phase: "Foundation",
      networks: [{ name: "back", aliases: ["db", "database"], ipv4Address: null }],
      volumes: [{ type: "volume", source: "db-data", target: "/data", readOnly: false }],
      resources: {
        cpusLimit: 0.25,
        memoryLimitBytes: 64 * MIB,
        cpusReservation: 0.1,
        memoryReservationBytes: 32 * MIB,
      },
      environment: { ROLE: "db" },
      ports: [{ hostIp: "127.0.0.1", hostPort: null, containerPort: 8080, protocol: "tcp" }],
    }),
    fixtureService({
      name: "slow",
      phase: "Foundation",
      networks: [{ name: "back", aliases: ["slow"], ipv4Address: null }],
      // Ready after a known delay; it writes the kernel uptime of that moment for the test to compare.
      command: [
        "sh",
        "-c",
        `sleep 3; cut -d' ' -f1 /proc/uptime > /tmp/ready-uptime; touch /tmp/ready; exec ${HTTPD.join(" ")}`,
      ],
      healthcheck: {
        test: ["CMD-SHELL", "test -f /tmp/ready"],
        intervalMs: 1_000,
        timeoutMs: 1_000,
        retries: 3,
        startPeriodMs: 10_000,
        startIntervalMs: null,
      },
    }),
    fixtureService({
      name: "app",
      phase: "App",
      containerName: `${project}-application`,
      networks: [
        { name: "front", aliases: ["app", "api"], ipv4Address: null },
        { name: "back", aliases: ["app"], ipv4Address: null },
      ],
      dependsOn: [dependsOn("db"), dependsOn("slow")],
      resources: {
        cpusLimit: 0.5,
        memoryLimitBytes: 128 * MIB,
        cpusReservation: null,
        memoryReservationBytes: null,
      },
    }),
    fixtureService({
      name: "web",
      phase: "Edge",
      dependsOn: [dependsOn("app", "service_started")],
      healthcheck: null,
      restart: "unless-stopped",
    }),
  ],
});

let result: RunResult;
const events: DeployEvent[] = [];

beforeAll(async () => {
  const unsubscribe = getDeployBus().subscribe((event) => events.push(event));
  const run = startApprovedDeploy({ topology, strategy: "phased", settings: { test: "deploy.int" } });
  result = await run.done;
  unsubscribe();
});

afterAll(async () => {
  await purgeProject(project);
});

const inspect = (name: string) => getDocker().getContainer(name).inspect();
const timing = (service: string) => result.services.find((entry) => entry.service === service);

describe("phased deploy of a dual-homed fixture", () => {
  it("ends healthy with every service ready", () => {
    expect(result.error).toBeNull();
    expect(result.status).toBe("healthy");
    expect(result.services.map((entry) => entry.state).sort()).toEqual([
      "healthy",
      "healthy",
      "healthy",
      "healthy",
    ]);
    console.info(
      "phased fixture timings (ms since start):",
      JSON.stringify({
        total: result.totalMs,
        services: result.services.map(
          ({ service, createdAt, startedAt, runningAt, readyAt, dockerHealthyAt }) => ({
            service,
            createdAt,
            startedAt,
            runningAt,
            readyAt,
            dockerHealthyAt,
          }),
        ),
        phases: result.phases,
      }),
    );
  });

  it("creates the networks with their subnets and compose labels", async () => {
    const front = await getDocker().getNetwork(`${project}_front`).inspect();
    expect(front.IPAM?.Config?.[0]?.Subnet).toBe(frontSubnet);
    expect(front.Labels).toMatchObject({
      [LABEL.project]: project,
      [LABEL.network]: "front",
      "org.example.tier": "front",
      [LABEL.runId]: result.runId,
    });
    const back = await getDocker().getNetwork(`${project}_back`).inspect();
    expect(back.IPAM?.Config?.[0]?.Subnet).toBe(backSubnet);
  });

  it("gives containers limits, health checks in ns, env, ports on 127.0.0.1, labels and the named volume", async () => {
    const db = await inspect(`${project}-db-1`);
    expect(db.HostConfig.NanoCpus).toBe(250_000_000);
    expect(db.HostConfig.Memory).toBe(64 * MIB);
    expect(db.HostConfig.MemoryReservation).toBe(32 * MIB);
    expect(db.Config.Healthcheck).toMatchObject({
      Test: ["CMD-SHELL", "wget -q -O- http://localhost:8080/health"],
      Interval: 1e9,
      Timeout: 1e9,
      Retries: 3,
      StartPeriod: 2e9,
    });
    expect(db.Config.Env).toContain("ROLE=db");
    expect(db.HostConfig.PortBindings?.["8080/tcp"]?.[0]?.HostIp).toBe("127.0.0.1");
    expect(db.NetworkSettings.Ports["8080/tcp"]?.[0]?.HostIp).toBe("127.0.0.1");
    expect(db.Mounts.find((mount) => mount.Destination === "/data")?.Name).toBe(`${project}_db-data`);
    expect(db.Config.Labels).toMatchObject({
      [LABEL.project]: project,
      [LABEL.service]: "db",
      [LABEL.containerNumber]: "1",
      [LABEL.oneoff]: "False",
      [LABEL.configFiles]: topology.file,
      [LABEL.workingDir]: topology.dir,
      [LABEL.runId]: result.runId,
      [LABEL.managed]: "true",
    });
    expect(db.Config.Labels[LABEL.configHash]).toMatch(/^[0-9a-f]{64}$/);
    const web = await inspect(`${project}-web-1`);
    expect(web.HostConfig.RestartPolicy?.Name).toBe("unless-stopped");
    expect(web.HostConfig.NanoCpus).toBe(0);
  });

  it("dual-homes the app with its aliases on both networks, inside their subnets", async () => {
    const app = await inspect(`${project}-application`);
    const front = app.NetworkSettings.Networks[`${project}_front`];
    const back = app.NetworkSettings.Networks[`${project}_back`];
    expect(front?.Aliases).toEqual(expect.arrayContaining(["app", "api"]));
    expect(back?.Aliases).toEqual(expect.arrayContaining(["app"]));
    expect(front?.IPAddress.split(".").slice(0, 3).join(".")).toBe(
      frontSubnet.split(".").slice(0, 3).join("."),
    );
    // The name resolves from the web container over the front network.
    const resolved = await execHealthTest({
      id: `${project}-web-1`,
      test: ["CMD-SHELL", "wget -q -O- http://api:8080/health"],
      timeoutMs: 5_000,
    });
    expect(resolved).toMatchObject({ kind: "exited", exitCode: 0 });
  });

  it("creates no service of a phase before every service of the previous phase is ready", () => {
    expect(result.phases.map((phase) => phase.name)).toEqual(["Foundation", "App", "Edge"]);
    const byPhase = (name: string) => result.services.filter((entry) => entry.phase === name);
    const order = ["Foundation", "App", "Edge"];
    for (let k = 1; k < order.length; k += 1) {
      const previousReady = Math.max(
        ...byPhase(order[k - 1] as string).map((entry) => entry.readyAt ?? Infinity),
      );
      const firstCreate = Math.min(
        ...byPhase(order[k] as string).map((entry) => {
          const creating = events.find(
            (event) =>
              event.type === "service_state" && event.service === entry.service && event.state === "creating",
          );
          return creating?.t ?? -1;
        }),
      );
      expect(firstCreate).toBeGreaterThanOrEqual(previousReady);
    }
    // Inside Foundation both services start together: no more than one container's create and start
    // (this engine, measured) apart, where waiting for the other's readiness would take seconds.
    expect(Math.abs((timing("db")?.createdAt ?? 0) - (timing("slow")?.createdAt ?? 1e9))).toBeLessThan(
      containerCostMs(calibration),
    );
  });

  it("records readyAt within 0.5 s of the moment the slow service's check first could pass", async () => {
    const probe = await execHealthTest({
      id: `${project}-slow-1`,
      test: ["CMD", "cat", "/tmp/ready-uptime"],
      timeoutMs: 5_000,
    });
    expect(probe.kind).toBe("exited");
    const readyWallMs = uptimeToWallMs(Number(probe.output.trim()));
    const recordedWallMs = Date.parse(result.startedAt) + (timing("slow")?.readyAt ?? 0);
    console.info(
      `slow: check could pass at +${(readyWallMs - Date.parse(result.startedAt)).toFixed(0)} ms, recorded readyAt +${timing("slow")?.readyAt} ms, Docker healthy at +${timing("slow")?.dockerHealthyAt} ms`,
    );
    expect(Math.abs(recordedWallMs - readyWallMs)).toBeLessThan(500);
    expect(timing("slow")?.dockerHealthyAt).not.toBeNull();
  });

  it("publishes a run whose snapshot a late joiner can read", () => {
    const snapshot = getDeployBus().snapshot(result.runId);
    expect(snapshot?.outcome).toBe("healthy");
    expect(snapshot?.services.app?.state).toBe("healthy");
    expect(snapshot?.phases.every((phase) => phase.readyAt !== null)).toBe(true);
    const states = events
      .filter((event) => event.type === "run_state")
      .map((event) => event.type === "run_state" && event.run.state);
    expect(states).toEqual(["pending", "preparing", "starting", "starting", "starting", "healthy"]);
    const ts = events.map((event) => event.t);
    expect([...ts].sort((a, b) => a - b)).toEqual(ts);
  });

  it("reports status from Docker and is listed by docker-compose -p <project> ps", async () => {
    const status = await clusterStatus({ project });
    expect(status.services.map((service) => [service.service, service.state, service.health])).toEqual([
      ["app", "running", "healthy"],
      ["db", "running", "healthy"],
      ["slow", "running", "healthy"],
      ["web", "running", null],
    ]);
    expect(status.services.find((service) => service.service === "db")?.ports[0]?.hostIp).toBe("127.0.0.1");
    const dir = mkdtempSync(join(tmpdir(), "deploytest-compose-"));
    const file = join(dir, "docker-compose.yml");
    writeFileSync(
      file,
      `version: "3.8"\nservices:\n${topology.services.map((s) => `  ${s.name}:\n    image: ${s.image}\n`).join("")}`,
    );
    const listed = await dockerCompose(["-p", project, "-f", file, "ps"], dir);
    for (const name of [`${project}-db-1`, `${project}-slow-1`, `${project}-application`, `${project}-web-1`])
      expect(listed).toContain(name);
  });

  it("reports the status of the containers a caller listed already, without listing them again", async () => {
    const listed = await findProjectContainers({ project });
    const status = await clusterStatus({ project, containers: listed.filter((c) => c.service === "db") });
    // Only what was handed in: a status that listed the project again would show all four services.
    expect(status.services.map((service) => [service.service, service.state, service.health])).toEqual([
      ["db", "running", "healthy"],
    ]);
    expect(status.networks.sort()).toEqual([`${project}_back`, `${project}_front`]);
  });

  it("tears down in reverse dependency order and leaves nothing with the project label but the kept volume", async () => {
    const sinceS = Math.floor(Date.now() / 1000) - 1;
    const run = startTeardown({ project, stopTimeoutSeconds: 1 });
    const teardown = await run.done;
    expect(teardown.status).toBe("torn_down");
    expect(teardown.phases.map((phase) => phase.services)).toEqual([["web"], ["app"], ["db", "slow"]]);
    // By Docker's own events: each container got its stop signal only after every container
    // depending on it had received its own (web → app → db), before any SIGKILL.
    const stream = (await getDocker().getEvents({
      since: sinceS,
      until: Math.ceil(Date.now() / 1000) + 1,
      filters: { type: ["container"], event: ["kill"], label: [`${LABEL.project}=${project}`] },
    })) as NodeJS.ReadableStream;
    let text = "";
    for await (const chunk of stream) text += String(chunk);
    const kills = text
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { timeNano: number; Actor: { Attributes: Record<string, string> } })
      .map((e) => ({
        service: e.Actor.Attributes[LABEL.service],
        signal: e.Actor.Attributes.signal,
        at: e.timeNano,
      }));
    const firstStop = (service: string) =>
      kills.find((k) => k.service === service && k.signal !== "9")?.at ?? Infinity;
    expect(firstStop("web")).toBeLessThan(firstStop("app"));
    expect(firstStop("app")).toBeLessThan(firstStop("db"));
    console.info(`teardown: ${teardown.totalMs} ms`, JSON.stringify(teardown.phases));
    expect(await leftovers(project)).toEqual({ containers: 0, networks: 0, volumes: 1 });
    const again = await startTeardown({ project, removeVolumes: true }).done;
    expect(again.status).toBe("torn_down");
    expect(await leftovers(project)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });
});
