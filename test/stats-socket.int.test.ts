// The stats events over a real socket.io connection: a browser watching a project gets the history
// in the acknowledgement, then one `stats:sample` per second; leaving releases the collectors.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDocker } from "@/lib/docker/client";
import type { Ack, ClientToServerEvents, ServerToClientEvents } from "@/lib/realtime/events";
import { createStatsHub, PROJECT_LABEL } from "@/lib/stats/hub";
import type { StatsBatch, StatsHistory } from "@/lib/stats/series";
import { registerStatsHandlers } from "@/lib/realtime/stats-socket";
import { purgeProject } from "./fixtures/deploy-support";

const PROJECT = `statstest-${process.pid}-sock`;
const NETWORK = `${PROJECT}-net`;
const docker = getDocker();
const hub = createStatsHub({ graceMs: 300 });
const httpServer = http.createServer();
const io = new Server<ClientToServerEvents, ServerToClientEvents>(httpServer);
registerStatsHandlers(io, { hub, authorize: ({ project }) => project !== "secret" });
let url = "";
const clients: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];

const client = async () => {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(url, {
    transports: ["websocket"],
  });
  clients.push(socket);
  await new Promise((resolve) => socket.once("connect", () => resolve(undefined)));
  return socket;
};
const watch = (
  socket: Socket<ServerToClientEvents, ClientToServerEvents>,
  project: string,
  intervalMs?: number,
) =>
  new Promise<Ack<StatsHistory>>((resolve) => socket.emit("stats:watch", { project, intervalMs }, resolve));
const nextBatch = (socket: Socket<ServerToClientEvents, ClientToServerEvents>) =>
  new Promise<StatsBatch>((resolve) => socket.once("stats:sample", resolve));
const until = async (check: () => boolean, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${JSON.stringify(hub.counts())}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

beforeAll(async () => {
  await docker.createNetwork({ Name: NETWORK, Labels: { [PROJECT_LABEL]: PROJECT } });
  const container = await docker.createContainer({
    name: `${PROJECT}-app-1`,
    Image: "ollamamax-test/busybox:latest",
    Cmd: ["sleep", "3600"],
    Labels: { [PROJECT_LABEL]: PROJECT, "com.docker.compose.service": "app" },
    HostConfig: { Memory: 16 * 2 ** 20, NetworkMode: NETWORK }, // not the engine's shared bridge
  });
  await container.start();
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const socket of clients) socket.disconnect();
  hub.close();
  await new Promise((resolve) => io.close(resolve));
  await purgeProject(PROJECT);
});

describe("stats over socket.io", () => {
  it("acknowledges a watch, then streams batches of the project to the room", async () => {
    const socket = await client();
    const ack = await watch(socket, PROJECT);
    expect(ack).toMatchObject({ ok: true, data: { project: PROJECT } });
    const batch = await nextBatch(socket);
    expect(batch.project).toBe(PROJECT);
    expect(batch.samples[0]).toMatchObject({ service: "app", memoryLimitBytes: 16 * 2 ** 20 });
    expect(batch.totals.containers).toBe(1);
  });

  it("gives a second browser joining later the ticks the first one already saw", async () => {
    await until(() => hub.history(PROJECT).ticks.length >= 2);
    const late = await client();
    const ack = await watch(late, PROJECT);
    if (!ack.ok) throw new Error(ack.msg);
    expect(ack.data.ticks.length).toBeGreaterThanOrEqual(2);
    expect(Object.values(ack.data.latest)[0]?.service).toBe("app");
  });

  it("batches 4 times a second while a browser asks for it (a deploy), then at 1 s again", async () => {
    const socket = await client();
    expect(await watch(socket, PROJECT, 250)).toMatchObject({ ok: true });
    await nextBatch(socket); // the first batch may still be due at the old rate
    const fast: StatsBatch[] = [];
    const onBatch = (batch: StatsBatch) => fast.push(batch);
    socket.on("stats:sample", onBatch);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    socket.off("stats:sample", onBatch);
    const source = fast.at(-1)?.source;
    // Docker's streams push once a second, so only the kernel reader can go faster.
    if (source === "kernel") {
      expect(fast.length).toBeGreaterThanOrEqual(6);
      expect(fast.at(-1)!.intervalMs).toBe(250);
    } else expect(fast.at(-1)!.intervalMs).toBe(1000);
    expect(hub.counts().tickMs).toBe(250);
    expect(await watch(socket, PROJECT)).toMatchObject({ ok: true }); // the deploy ended
    expect(hub.counts().tickMs).toBe(1000);
    expect(await watch(socket, PROJECT, 100)).toMatchObject({ ok: false }); // faster than 4 Hz
    socket.disconnect();
  });

  it("refuses a bad project name and what the guard forbids, without joining", async () => {
    const socket = await client();
    expect(await watch(socket, "../etc")).toMatchObject({ ok: false });
    expect(await watch(socket, "secret")).toEqual({ ok: false, msg: "forbidden: stats:watch secret" });
    expect(hub.counts().projects).toEqual([PROJECT]);
  });

  it("releases the collectors when the browsers unwatch or disconnect", async () => {
    const [first, second] = clients;
    await new Promise((resolve) => first!.emit("stats:unwatch", { project: PROJECT }, resolve));
    second!.disconnect();
    await until(() => hub.counts().projects.length === 0, 5000);
    expect(hub.counts()).toMatchObject({ collectors: 0, openStreams: 0, kernelContainers: 0 });
  });
});
