// A second engine as an environment, for real: a private dockerd on tcp:// with TLS
// (test/environments/tls-dockerd.sh, started by scripts/ci/labs/environments.lab). Adding it with
// a wrong CA is refused with the TLS reason and stores nothing; with the right CA it is added, its
// credentials are sealed in the database and never listed; a topology deploys to it (and not to
// the panel's own engine), its stats stream over socket.io from Docker's stats streams, the run row
// names the environment, removing the environment is refused while the cluster runs, teardown
// leaves nothing on that engine, then the environment can go.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Server } from "socket.io";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db/client";
import { getLocalDocker, withEngine } from "@/lib/docker/client";
import { projectFilter } from "@/lib/docker/labels";
import { requestDeploy, requestTeardown } from "@/lib/operations/deploy";
import {
  addEnvironment,
  engineFor,
  engineScopeFor,
  environmentsForDisplay,
  removeEnvironment,
  testEnvironment,
} from "@/lib/operations/environments";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/realtime/events";
import type { StatsBatch } from "@/lib/stats/series";
import { registerStatsHandlers } from "@/lib/realtime/stats-socket";
import { startRecording } from "@/lib/recording";
import { testActor } from "../fixtures/principal";
import { dagRequest, leftovers, purgeProject } from "../fixtures/deploy-support";
import { clusterSecrets, scratchDatabase, scratchFolder, topologyFolder } from "../fixtures/scratch-panel";

const URL = `tcp://127.0.0.1:${process.env.ENVS_DOCKER_PORT ?? "23761"}`;
const CERTS = "/tmp/envs-docker/certs";
const pem = (file: string) => readFileSync(join(CERTS, file), "utf8");
const name = `envstest-${process.pid}`;
const admin = testActor({ username: "envs-admin", role: "admin" });
const compose = `name: ${name}
services:
  web:
    image: ollamamax-test/busybox:latest
    command: ["httpd", "-f", "-p", "8080", "-h", "/www"]
    healthcheck:
      test: ["CMD-SHELL", "wget -q -O- http://localhost:8080/health"]
      interval: 1s
      timeout: 1s
      retries: 5
  app:
    image: ollamamax-test/busybox:latest
    command: ["sh", "-c", "while true; do i=0; while [ $$i -lt 20000 ]; do i=$$((i+1)); done; sleep 0.1; done"]
    depends_on:
      web:
        condition: service_healthy
`;

const httpServer = http.createServer();
const io = new Server<ClientToServerEvents, ServerToClientEvents>(httpServer);
let socketUrl = "";
let socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;

const scratch = scratchFolder("ollamamax-envs-");
scratchDatabase({ dir: scratch });
// Seals the environments' credentials: one fixed key for the whole file.
process.env.JWT_SECRET = "envs-lab-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
clusterSecrets({ dir: scratch });
topologyFolder({ name, files: { "docker-compose.yml": compose } });

beforeAll(async () => {
  startRecording();
  registerStatsHandlers(io, { resolveEngine: engineScopeFor });
  await new Promise<void>((done) => httpServer.listen(0, "127.0.0.1", done));
  socketUrl = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  // A failed assertion must not leave the cluster on the lab's engine (or the environment's row behind).
  const scope = await engineScopeFor(name).catch(() => null);
  if (scope) await withEngine(scope, () => purgeProject(name));
  socket?.disconnect();
  await new Promise((done) => io.close(() => done(undefined)));
});

describe("an environment over ssh://", () => {
  const SSH_URL = `ssh://root@127.0.0.1:${process.env.ENVS_SSH_PORT ?? "23762"}`;
  const key = (file: string) => readFileSync(`/tmp/envs-docker/ssh/${file}`, "utf8");
  const sshName = `${name}-ssh`;

  it("refuses a key the host does not accept", async () => {
    await expect(
      addEnvironment({ ...admin, request: { name: sshName, url: SSH_URL, sshKey: key("wrong_ed25519") } }),
    ).rejects.toThrow(/ssh: the host refused the key/);
  });

  it("adds it with the right key, reaches the same engine as over TLS, and removes it", async () => {
    const added = await addEnvironment({
      ...admin,
      request: { name: sshName, url: SSH_URL, sshKey: key("id_ed25519") },
    });
    expect(added.probe.apiVersion).toMatch(/^1\.\d+$/);
    const row = await getPrisma().environment.findUniqueOrThrow({ where: { name: sshName } });
    expect(row.sshKeySealed).not.toContain("PRIVATE KEY");
    // `docker system dial-stdio` on the host talks to the lab's engine: its data root says so.
    expect((await (await engineFor(sshName)).info()).DockerRootDir).toBe("/tmp/envs-docker/data");
    await removeEnvironment({ ...admin, environment: sshName });
  });
});

describe("an environment over tcp:// with TLS", () => {
  it("refuses a wrong CA with the TLS reason and stores nothing", async () => {
    await expect(
      addEnvironment({
        ...admin,
        request: {
          name,
          url: URL,
          tls: { ca: pem("wrong-ca.pem"), cert: pem("cert.pem"), key: pem("key.pem") },
        },
      }),
    ).rejects.toThrow(/TLS: the engine's certificate is not signed by the CA you gave/);
    expect((await environmentsForDisplay()).map((e) => e.name)).toEqual(["local"]);
  });

  it("refuses no certificates with the reason", async () => {
    await expect(addEnvironment({ ...admin, request: { name, url: URL } })).rejects.toThrow(
      /speaks only TLS/,
    );
  });

  it("adds it with the right CA, seals the credentials and never lists them", async () => {
    const added = await addEnvironment({
      ...admin,
      request: { name, url: URL, tls: { ca: pem("ca.pem"), cert: pem("cert.pem"), key: pem("key.pem") } },
    });
    expect(added.probe.apiVersion).toMatch(/^1\.\d+$/);
    expect(added.probe.cpus).toBeGreaterThan(0);
    expect(added.probe.swarmState).toBe("inactive");
    const row = await getPrisma().environment.findUniqueOrThrow({ where: { name } });
    expect(row.tlsSealed).toBeTruthy();
    expect(row.tlsSealed).not.toContain("PRIVATE KEY");
    expect(row.tlsSealed).not.toContain(pem("key.pem").slice(40, 80));
    const listed = JSON.stringify(await environmentsForDisplay());
    expect(listed).toContain(name);
    expect(listed).not.toMatch(/PRIVATE KEY|BEGIN CERTIFICATE/);
    expect(await testEnvironment(name)).toMatchObject({ ok: true });
  });

  it("deploys to it, streams its stats, refuses removal while it runs, tears down to nothing", async () => {
    const remote = await engineFor(name);
    const local = getLocalDocker();
    const started = await requestDeploy({
      ...admin,
      request: dagRequest({ topology: name, environment: name }),
    });
    const result = await started.done;
    expect(result.status, JSON.stringify(result.error)).toBe("healthy");
    // On the environment's engine, not on the panel's own.
    expect(await remote.listContainers({ filters: projectFilter(started.project) })).toHaveLength(2);
    expect(await local.listContainers({ all: true, filters: projectFilter(started.project) })).toHaveLength(
      0,
    );

    // The browser's way: stats:watch with the environment over socket.io, batches from Docker's streams.
    socket = connect(socketUrl, { transports: ["websocket"] });
    await new Promise((done) => socket?.once("connect", () => done(undefined)));
    const ack = await new Promise<{ ok: boolean }>((done) =>
      socket?.emit("stats:watch", { project: started.project, environment: name }, done),
    );
    expect(ack.ok).toBe(true);
    const batch = await new Promise<StatsBatch>((done, fail) => {
      const timer = setTimeout(() => fail(new Error("no stats batch with two containers in 20 s")), 20_000);
      socket?.on("stats:sample", (b) => {
        if (b.samples.length !== 2) return;
        clearTimeout(timer);
        done(b);
      });
    });
    expect(batch.source).toBe("docker");
    expect(batch.totals.cpuPercent).toBeGreaterThan(0);
    expect(batch.samples.every((s) => s.memoryLimitBytes > 0)).toBe(true);

    // The journal writes the run as it goes: wait for its verdict to be stored.
    const stored = async () => getPrisma().run.findUnique({ where: { id: started.runId } });
    for (let i = 0; i < 50 && (await stored())?.status !== "healthy"; i += 1)
      await new Promise((done) => setTimeout(done, 200));
    const run = await getPrisma().run.findUniqueOrThrow({ where: { id: started.runId } });
    const environment = await getPrisma().environment.findUniqueOrThrow({ where: { name } });
    expect(run.environmentId).toBe(environment.id);

    await expect(removeEnvironment({ ...admin, environment: name })).rejects.toThrow(/still runs/);

    const teardown = await requestTeardown({
      ...admin,
      topologyName: name,
      removeVolumes: true,
      environment: name,
    });
    expect((await teardown.done).status).toBe("torn_down");
    expect(await withEngine(await engineScopeFor(name), () => leftovers(started.project))).toEqual({
      containers: 0,
      networks: 0,
      volumes: 0,
    });
    await removeEnvironment({ ...admin, environment: name });
    expect((await environmentsForDisplay()).map((e) => e.name)).toEqual(["local"]);
  });
});
