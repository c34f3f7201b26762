// ssh environments pin the engine's host key, and connection tests name the failure's class, never
// the remote server's text. Everything listens on 127.0.0.1 only: an ssh server made with ssh2's
// Server class (its `docker system dial-stdio` piped to the local Docker socket, so a trusted one
// is a real engine: only /version and /info are asked), an impostor with another random key on the
// same port, which must see no authentication attempt, and TCP servers that answer a banner.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { join } from "node:path";
import { Server as SshServer } from "ssh2";
import { sshKeyPair } from "./fixtures/ssh-keys";
import { afterAll, describe, expect, it } from "vitest";
import { testActor } from "./fixtures/principal";
import { scratchDatabase, scratchFolder } from "./fixtures/scratch-panel";

const scratch = scratchFolder("env-trust-");
scratchDatabase({ dir: scratch });

const admin = testActor({ username: "trust-admin", role: "admin" });
// Not an SSH identification line: an ssh client must fail the handshake on it (an SSH server that
// closes right after its identification makes docker-modem wait for the test's time limit).
const BANNER = "220 impostor.example ESMTP reflected-banner-text";
const panelKey = sshKeyPair();
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

/** Listens on 127.0.0.1 (a free port); closing it later also drops the connections it still has. */
const listenOnLoopback = async (server: net.Server): Promise<number> => {
  const sockets = new Set<net.Socket>();
  server.on("connection", (socket: net.Socket) => sockets.add(socket));
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", () => done()));
  closers.push(
    () =>
      new Promise<void>((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  );
  return (server.address() as AddressInfo).port;
};

type FakeSsh = { port: number; publicKey: string; authAttempts: number; close: () => Promise<void> };

/** An ssh server on 127.0.0.1 with a fresh host key; counts every authentication attempt it sees. */
const startSsh = async (port = 0): Promise<FakeSsh> => {
  const hostKey = sshKeyPair();
  const sockets = new Set<net.Socket>();
  const clients = new Set<{ end: () => unknown }>();
  const fake: FakeSsh = { port: 0, publicKey: hostKey.public, authAttempts: 0, close: async () => undefined };
  const server = new SshServer({ hostKeys: [hostKey.private] }, (client) => {
    clients.add(client);
    client.on("authentication", (ctx) => {
      fake.authAttempts += 1;
      if (ctx.method === "publickey") ctx.accept();
      else ctx.reject(["publickey"]);
    });
    client.on("error", () => undefined);
    client.on("ready", () =>
      client.on("session", (accept) =>
        accept().on("exec", (acceptExec, _reject, info) => {
          const stream = acceptExec();
          if (info.command !== "docker system dial-stdio") {
            stream.exit(127);
            return void stream.end();
          }
          const engine = net.connect("/var/run/docker.sock");
          sockets.add(engine);
          stream.pipe(engine).pipe(stream);
          engine.on("close", () => stream.end());
          engine.on("error", () => stream.end());
        }),
      ),
    );
  });
  await new Promise<void>((done) => server.listen(port, "127.0.0.1", () => done()));
  fake.port = (server.address() as AddressInfo).port;
  fake.close = async () => {
    for (const socket of sockets) socket.destroy();
    for (const client of clients) client.end();
    await new Promise<void>((done) => server.close(() => done()));
  };
  closers.push(fake.close);
  return fake;
};

/** What `ssh-keygen -l` prints as the fingerprint of a public key. */
const keygenFingerprint = (publicKey: string): string => {
  const file = join(scratch, `key-${Math.random().toString(36).slice(2)}.pub`);
  writeFileSync(file, `${publicKey}\n`);
  return (
    execFileSync("ssh-keygen", ["-l", "-E", "sha256", "-f", file], { encoding: "utf8" }).split(" ")[1] ?? ""
  );
};

const sshUrl = (port: number) => `ssh://panel@127.0.0.1:${port}`;

describe("ssh host key pinning", () => {
  it("pins the key on the first test, shows its fingerprint as ssh-keygen does, and refuses an impostor before authenticating", async () => {
    const { addEnvironment, engineFor, testEnvironment } = await import("@/lib/operations/environments");
    const trusted = await startSsh();
    const added = await addEnvironment({
      ...admin,
      request: { name: "pinned-box", url: sshUrl(trusted.port), sshKey: panelKey.private },
    });
    expect(added.probe.apiVersion).toMatch(/^1\.\d+$/);
    const fingerprint = keygenFingerprint(trusted.publicKey);
    expect(added.hostKey).toEqual({ fingerprint, type: "ssh-ed25519", pinnedNow: true });
    expect(trusted.authAttempts).toBeGreaterThan(0);
    const again = await testEnvironment("pinned-box");
    expect(again).toMatchObject({ ok: true, hostKey: { fingerprint, pinnedNow: false } });

    // The engine's address now answers with another key.
    await trusted.close();
    const impostor = await startSsh(trusted.port);
    const test = await testEnvironment("pinned-box");
    expect(test).toMatchObject({ ok: false, failure: "host_key_mismatch" });
    const error = test.ok ? "" : test.error;
    expect(error).toContain(`expected ${fingerprint}`);
    expect(error).toContain(`presented ${keygenFingerprint(impostor.publicKey)}`);
    // Deploys, stats and logs use the cached client: it checks the pinned key too.
    await expect((await engineFor("pinned-box")).version()).rejects.toThrow();
    expect(impostor.authAttempts).toBe(0);
    await impostor.close();
  });

  it("takes a known_hosts line up front: a server with another key is refused and nothing is stored", async () => {
    const { addEnvironment, environmentsForDisplay } = await import("@/lib/operations/environments");
    const expected = sshKeyPair().public;
    const impostor = await startSsh();
    const line = `[127.0.0.1]:${impostor.port} ${expected}`;
    const refused = addEnvironment({
      ...admin,
      request: { name: "known-box", url: sshUrl(impostor.port), sshKey: panelKey.private, knownHosts: line },
    });
    await expect(refused).rejects.toMatchObject({ details: { failure: "host_key_mismatch" } });
    await expect(refused).rejects.toThrow(`expected ${keygenFingerprint(expected)} (ssh-ed25519)`);
    expect(impostor.authAttempts).toBe(0);
    expect((await environmentsForDisplay()).map((e) => e.name)).not.toContain("known-box");

    const right = `[127.0.0.1]:${impostor.port} ${impostor.publicKey}`;
    const added = await addEnvironment({
      ...admin,
      request: { name: "known-box", url: sshUrl(impostor.port), sshKey: panelKey.private, knownHosts: right },
    });
    expect(added.hostKey).toMatchObject({
      fingerprint: keygenFingerprint(impostor.publicKey),
      pinnedNow: false,
    });
    const listed = (await environmentsForDisplay()).find((e) => e.name === "known-box");
    expect(listed?.hostKeyFingerprints).toEqual([keygenFingerprint(impostor.publicKey)]);
  });

  it("pins an environment added before pinning at its next test, and until then refuses to authenticate", async () => {
    const { engineFor, testEnvironment } = await import("@/lib/operations/environments");
    const { getPrisma } = await import("@/lib/db/client");
    const { closeEnvironmentClient } = await import("@/lib/docker/engine-connection");
    const server = await startSsh();
    const env = await getPrisma().environment.update({
      where: { name: "known-box" },
      data: { sshHostKeys: null, url: sshUrl(server.port) },
    });
    closeEnvironmentClient(env.id);
    await expect((await engineFor("known-box")).version()).rejects.toThrow();
    expect(server.authAttempts).toBe(0);
    const test = await testEnvironment("known-box");
    expect(test).toMatchObject({
      ok: true,
      hostKey: { fingerprint: keygenFingerprint(server.publicKey), pinnedNow: true },
    });
    expect((await (await engineFor("known-box")).version()).ApiVersion).toMatch(/^1\./);
  });
});

/** A TCP server on 127.0.0.1 that writes a banner to whoever connects. */
const bannerServer = async (): Promise<number> => {
  const server = net.createServer((socket) => {
    socket.on("error", () => undefined);
    socket.end(`${BANNER}\r\n`);
  });
  return listenOnLoopback(server);
};

/** An HTTP server on 127.0.0.1 answering every request with `status` and the banner as its body. */
const bannerHttp = async (status: number): Promise<number> => {
  const server = http.createServer((_req, res) =>
    res.writeHead(status, { "content-type": "text/plain" }).end(BANNER),
  );
  return listenOnLoopback(server);
};

/** A port nothing listens on (bound, then closed). */
const closedPort = async (): Promise<number> => {
  const server = net.createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", () => done()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
};

/** A self-signed certificate and its key (openssl), used as the CA and the client certificate. */
const selfSignedTls = () => {
  const [key, cert] = [join(scratch, "tls-key.pem"), join(scratch, "tls-cert.pem")];
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-keyout",
      key,
      "-out",
      cert,
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
    ],
    { stdio: "pipe" },
  );
  const read = (file: string) => readFileSync(file, "utf8");
  return { ca: read(cert), cert: read(cert), key: read(key) };
};

describe("connection test errors", () => {
  const addFails = async (request: {
    url: string;
    sshKey?: string;
    tls?: { ca: string; cert: string; key: string };
  }) => {
    const { addEnvironment } = await import("@/lib/operations/environments");
    const error = (await addEnvironment({ ...admin, request: { name: "failing", ...request } }).catch(
      (e: unknown) => e,
    )) as { message: string; details: { failure: string } };
    expect(error.message).not.toMatch(/impostor|reflected-banner|ESMTP/);
    return { failure: error.details.failure, message: error.message };
  };

  it("name the class — not a Docker API, ssh handshake, TLS, refused — and never the server's banner", async () => {
    const raw = await bannerServer();
    expect(await addFails({ url: `tcp://127.0.0.1:${raw}` })).toMatchObject({ failure: "not_docker" });
    expect(await addFails({ url: `tcp://127.0.0.1:${await bannerHttp(418)}` })).toMatchObject({
      failure: "not_docker",
      message: expect.stringContaining("not a Docker API"),
    });
    expect(await addFails({ url: `tcp://127.0.0.1:${await bannerHttp(200)}` })).toMatchObject({
      failure: "not_docker",
    });
    expect(await addFails({ url: sshUrl(raw), sshKey: panelKey.private })).toMatchObject({
      failure: "ssh_handshake_failed",
    });
    const tls = selfSignedTls();
    expect(await addFails({ url: `tcp://127.0.0.1:${raw}`, tls })).toMatchObject({
      failure: "tls_failed",
      message: expect.stringContaining("TLS handshake failed"),
    });
    const garbled = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
    expect(await addFails({ url: `tcp://127.0.0.1:${raw}`, tls: { ...tls, ca: garbled } })).toMatchObject({
      failure: "tls_failed",
    });
    expect(await addFails({ url: `tcp://127.0.0.1:${await closedPort()}` })).toMatchObject({
      failure: "refused",
      message: expect.stringContaining("refused: nothing listens"),
    });
  });

  it("stores the class's sentence as the last check, not the banner", async () => {
    const { testEnvironment } = await import("@/lib/operations/environments");
    const { getPrisma } = await import("@/lib/db/client");
    await getPrisma().environment.update({
      where: { name: "pinned-box" },
      data: { url: `ssh://panel@127.0.0.1:${await bannerServer()}` },
    });
    (await import("@/lib/docker/engine-connection")).closeEnvironmentClient(
      (await getPrisma().environment.findUniqueOrThrow({ where: { name: "pinned-box" } })).id,
    );
    const test = await testEnvironment("pinned-box");
    expect(test).toMatchObject({ ok: false, failure: "ssh_handshake_failed" });
    const row = await getPrisma().environment.findUniqueOrThrow({ where: { name: "pinned-box" } });
    expect(row.lastCheckDetail).toContain("ssh handshake failed");
    expect(row.lastCheckDetail).not.toMatch(/impostor|reflected-banner|ESMTP/);
  });
});
