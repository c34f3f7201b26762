// Followed logs are redacted with the cluster's secrets even when the panel holds no run of the
// project in memory (a restarted panel): a real container prints the secrets, a browser follows it.
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDocker } from "@/lib/docker/client";
import { LABEL } from "@/lib/docker/labels";
import type { ClientToServerEvents, LogStreamLine, ServerToClientEvents } from "@/lib/realtime/events";
import { registerLogFollow } from "@/lib/realtime/log-follow";
import type { PanelIo } from "@/lib/realtime/panel-io";
import { forgetRunRedactors } from "@/lib/secrets/run-redactors";
import { clusterSecrets, scratchFolder } from "./fixtures/scratch-panel";

const PROJECT = `logredact-${process.pid}`;
const SECRETS = {
  DB_PASSWORD: `db-${randomBytes(8).toString("hex")}`,
  GRAFANA_PASSWORD: `gf-${randomBytes(8).toString("hex")}`,
  JWT_SECRET: `jwt-${randomBytes(8).toString("hex")}`,
};
const docker = getDocker();
const httpServer = http.createServer();
const io = new Server<ClientToServerEvents, ServerToClientEvents>(httpServer);
let socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
// The cluster's secrets live only in the secrets file, as scripts/start.sh writes them.
clusterSecrets({ dir: scratchFolder("ollamamax-logredact-"), extra: SECRETS });

beforeAll(async () => {
  const printer = Object.keys(SECRETS)
    .map((name) => `echo "${name} is $${name}"`)
    .join("; ");
  const container = await docker.createContainer({
    name: `${PROJECT}-app-1`,
    Image: "ollamamax-test/busybox:latest",
    Cmd: ["sh", "-c", `while true; do ${printer}; sleep 0.3; done`],
    Env: Object.entries(SECRETS).map(([k, v]) => `${k}=${v}`),
    // The panel's own container of the project (its managed label): logs follow only those.
    Labels: { [LABEL.project]: PROJECT, "com.docker.compose.service": "app", [LABEL.managed]: "true" },
    // No network needed: it only prints (and the shared engine's default bridge may be busy).
    HostConfig: { NetworkMode: "none" },
  });
  await container.start();
  // A second service of the project, and a container of the same project name the panel did not
  // deploy (no managed label): a project follow reads the first, never the second.
  for (const [service, managed] of [
    ["worker", true],
    ["stranger", false],
  ] as const) {
    const other = await docker.createContainer({
      name: `${PROJECT}-${service}-1`,
      Image: "ollamamax-test/busybox:latest",
      Cmd: [
        "sh",
        "-c",
        `i=0; while true; do i=$((i+1)); echo "${service} line $i"; echo "${service} noise $i"; echo "${service} oops $i" >&2; sleep 0.2; done`,
      ],
      Labels: {
        [LABEL.project]: PROJECT,
        "com.docker.compose.service": service,
        ...(managed ? { [LABEL.managed]: "true" } : {}),
      },
      HostConfig: { NetworkMode: "none" },
    });
    await other.start();
  }
  registerLogFollow(io as unknown as PanelIo);
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  socket = connect(`http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`, {
    transports: ["websocket"],
  });
  await new Promise((resolve) => socket?.once("connect", () => resolve(undefined)));
});

afterAll(async () => {
  socket?.disconnect();
  await new Promise((resolve) => io.close(resolve));
  const left = await docker.listContainers({
    all: true,
    filters: { label: [`${LABEL.project}=${PROJECT}`] },
  });
  await Promise.all(left.map((c) => docker.getContainer(c.Id).remove({ force: true })));
});

describe("followed logs after a panel restart", () => {
  it("never carry a cluster secret, though no run of the project is known", async () => {
    forgetRunRedactors();
    const lines: LogStreamLine[] = [];
    socket?.on("logs:line", (line) => lines.push(line));
    const ack = await new Promise((resolve) =>
      socket?.emit("logs:follow", { project: PROJECT, service: "app" }, resolve),
    );
    expect(ack).toMatchObject({ ok: true });
    const deadline = Date.now() + 15_000;
    while (lines.length < 9 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(lines.length).toBeGreaterThanOrEqual(9);
    const text = lines.map((l) => l.line).join("\n");
    for (const [name, value] of Object.entries(SECRETS)) {
      expect(text).toContain(`${name} is ••••••`);
      expect(text).not.toContain(value);
    }
  });
});

describe("a followed project (the cluster's log view)", () => {
  const follow = (request: Parameters<ClientToServerEvents["logs:followProject"]>[0]) =>
    new Promise<{ ok: boolean; msg?: string; data?: { containers: string[] } }>((resolve) =>
      socket?.emit("logs:followProject", request, resolve),
    );
  const collect = async (ms: number) => {
    const lines: LogStreamLine[] = [];
    const onLine = (line: LogStreamLine) => lines.push(line);
    socket?.on("logs:line", onLine);
    await new Promise((r) => setTimeout(r, ms));
    socket?.off("logs:line", onLine);
    return lines;
  };

  it("sends every service's new lines of the panel's containers, stamped, redacted and filtered on the server", async () => {
    socket?.removeAllListeners("logs:line");
    const since = Date.now();
    const ack = await follow({
      project: PROJECT,
      sinceMs: since,
      stream: "stdout",
      q: "^(\\w+ is|worker line)",
      regex: true,
    });
    expect(ack, JSON.stringify(ack)).toMatchObject({ ok: true });
    expect(ack.data?.containers.sort()).toEqual([`${PROJECT}-app-1`, `${PROJECT}-worker-1`]);
    const lines = await collect(2500);
    const services = new Set(lines.map((l) => l.service));
    expect([...services].sort()).toEqual(["app", "worker"]);
    // Nothing from before the follow began, nothing of stderr, of the stranger, or of the secrets.
    expect(lines.every((l) => (l.t ?? 0) >= since)).toBe(true);
    expect(lines.every((l) => l.stream === "stdout" && !l.line.includes("oops"))).toBe(true);
    expect(lines.some((l) => l.line.includes("noise"))).toBe(false);
    const text = lines.map((l) => l.line).join("\n");
    expect(text).not.toContain("stranger");
    for (const value of Object.values(SECRETS)) expect(text).not.toContain(value);
    expect(text).toContain("is ••••••");
    await new Promise((resolve) => socket?.emit("logs:unfollow", resolve));
    expect(await collect(800)).toEqual([]);
  });

  it("refuses a regex that does not compile and a project the panel runs nothing of, naming why", async () => {
    expect(
      await follow({ project: PROJECT, sinceMs: Date.now(), q: "(unclosed", regex: true }),
    ).toMatchObject({
      ok: false,
      msg: expect.stringContaining("not a valid regular expression"),
    });
    expect(await follow({ project: `${PROJECT}-none`, sinceMs: Date.now() })).toMatchObject({
      ok: false,
      msg: expect.stringContaining("No running container"),
    });
  });
});
