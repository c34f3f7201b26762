// The local image kit (images/, scripts/images/build.sh) against the real engine: the kit is built
// (cached: a no-op when current), then its images are run on a user-defined bridge network the way
// the topologies use them, with the topologies' own health-check commands.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PREFIX = `imgkit-test-${process.pid}-${randomBytes(3).toString("hex")}`;
const NET = `${PREFIX}-net`;
const created: string[] = [];

const IMAGES = {
  postgres: "ollamamax-local/postgres:15",
  redis: "ollamamax-local/redis:7",
  node: "ollamamax-local/node:latest",
  minio: "ollamamax-local/minio-sim:latest",
  devTools: "ollamamax-local/dev-tools:latest",
};

async function docker(...args: string[]): Promise<string> {
  const { stdout } = await run("docker", args, { maxBuffer: 16 * 2 ** 20 });
  return stdout.trim();
}

/** Exit status of a command inside a running container (no throw). */
async function execStatus(container: string, ...cmd: string[]): Promise<{ ok: boolean; out: string }> {
  try {
    return { ok: true, out: await docker("exec", container, ...cmd) };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return { ok: false, out: `${e.stdout ?? ""}${e.stderr ?? ""}`.trim() };
  }
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** `docker run -d` on the test network with a network alias; the name is remembered for cleanup. */
async function start(name: string, alias: string, image: string, opts: string[] = [], cmd: string[] = []) {
  const full = `${PREFIX}-${name}`;
  created.push(full);
  await docker(
    "run",
    "-d",
    "--name",
    full,
    "--network",
    NET,
    "--network-alias",
    alias,
    ...opts,
    image,
    ...cmd,
  );
  return full;
}

/** A one-off command in the dev-tools image on the test network. */
async function devTools(env: string[], ...cmd: string[]) {
  const envArgs = env.flatMap((e) => ["-e", e]);
  return docker("run", "--rm", "--network", NET, ...envArgs, IMAGES.devTools, ...cmd);
}

const httpCode = (container: string, url: string) =>
  execStatus(container, "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", url).then((r) => r.out);

beforeAll(async () => {
  // Cached: returns in about a second when the images match the recipe.
  await run("bash", [`${ROOT}/scripts/images/build.sh`], { cwd: ROOT, maxBuffer: 64 * 2 ** 20 });
  await docker("network", "create", "--driver", "bridge", NET);
}, 900_000);

afterAll(async () => {
  await Promise.all(created.map((c) => docker("rm", "-f", "-v", c).catch(() => undefined)));
  await docker("network", "rm", NET).catch(() => undefined);
});

describe("local image kit", () => {
  it("reports every image present and current", async () => {
    const { stdout } = await run("bash", [`${ROOT}/scripts/images/build.sh`, "--check"], { cwd: ROOT });
    expect(stdout).toContain("all 9 images present and current");
    const label = await docker(
      "image",
      "inspect",
      "--format",
      '{{ index .Config.Labels "org.ollamamax.kit" }} {{ index .Config.Labels "org.ollamamax.simulator" }}',
      IMAGES.node,
    );
    expect(label).toBe("local true");
  });

  it("postgres initialises user, database and init script; psql from dev-tools connects", async () => {
    const pg = `${PREFIX}-postgres`;
    created.push(pg);
    await docker(
      "create",
      "--name",
      pg,
      "--network",
      NET,
      "--network-alias",
      "postgres",
      "-e",
      "POSTGRES_DB=ollamamax",
      "-e",
      "POSTGRES_USER=ollama",
      "-e",
      "POSTGRES_PASSWORD=x",
      IMAGES.postgres,
    );
    // The init script is copied in (no bind mount: works with a remote engine too).
    const init = [
      "CREATE TABLE imgkit_probe (note TEXT NOT NULL);",
      "INSERT INTO imgkit_probe VALUES ('created by the init script');",
    ].join("\n");
    const dir = await mkdtemp(join(tmpdir(), "imgkit-"));
    try {
      await writeFile(join(dir, "10-probe.sql"), init, { mode: 0o644 });
      await docker("cp", join(dir, "10-probe.sql"), `${pg}:/docker-entrypoint-initdb.d/10-probe.sql`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    await docker("start", pg);

    // The topology's health check, unchanged.
    await until("pg_isready -U ollama", 90_000, async () =>
      (await execStatus(pg, "sh", "-c", "pg_isready -U ollama")).ok ? true : undefined,
    );
    // That check also passes on the entrypoint's temporary server, which runs the init scripts on
    // the unix socket only and is then restarted: a network client waits for the server on TCP.
    // (On a busy host that restart takes seconds, and psql from dev-tools met "connection refused".)
    await until("pg_isready -h 127.0.0.1 -U ollama", 90_000, async () =>
      (await execStatus(pg, "sh", "-c", "pg_isready -h 127.0.0.1 -U ollama")).ok ? true : undefined,
    );
    const out = await devTools(
      ["PGPASSWORD=x"],
      "psql",
      "-h",
      "postgres",
      "-U",
      "ollama",
      "-d",
      "ollamamax",
      "-tAc",
      "SELECT current_user || '|' || current_database() || '|' || note FROM imgkit_probe",
    );
    expect(out).toBe("ollama|ollamamax|created by the init script");

    // Network clients need the password.
    await expect(
      devTools(
        ["PGPASSWORD=wrong"],
        "psql",
        "-h",
        "postgres",
        "-U",
        "ollama",
        "-d",
        "ollamamax",
        "-c",
        "SELECT 1",
      ),
    ).rejects.toThrow(/password authentication failed/);

    const ps = await docker("exec", pg, "ps", "-o", "user=", "-p", "1");
    expect(ps).toBe("postgres");
  });

  it("redis answers PONG to redis-cli, locally and over the network", async () => {
    const redis = await start("redis", "redis", IMAGES.redis, [], ["redis-server", "--appendonly", "yes"]);
    const pong = await until("redis-cli ping", 30_000, async () => {
      const r = await execStatus(redis, "redis-cli", "ping");
      return r.ok && r.out === "PONG" ? r.out : undefined;
    });
    expect(pong).toBe("PONG");
    expect(await devTools([], "redis-cli", "-h", "redis", "ping")).toBe("PONG");
  });

  it("node simulator answers 503 during its startup delay, then 200, and names its NODE_ID", async () => {
    const started = Date.now();
    const node = await start("node", "ollama-node-1", IMAGES.node, [
      "-e",
      "NODE_ID=imgkit-node-a",
      "-e",
      "SIM_STARTUP_DELAY_MS=4000",
    ]);
    const first = await until("the node's first HTTP answer", 20_000, async () => {
      const code = await httpCode(node, "http://localhost:8080/health");
      return code && code !== "000" ? code : undefined;
    });
    expect(first).toBe("503");
    // The topology's health check, unchanged.
    await until("curl -f http://localhost:8080/health", 30_000, async () =>
      (await execStatus(node, "sh", "-c", "curl -f http://localhost:8080/health || exit 1")).ok
        ? true
        : undefined,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(3_500);

    const health = JSON.parse(await docker("exec", node, "curl", "-sf", "http://localhost:8080/health"));
    expect(health).toMatchObject({ status: "healthy", simulator: true, node_id: "imgkit-node-a" });
    const tags = JSON.parse(await docker("exec", node, "curl", "-sf", "http://localhost:8080/api/tags"));
    expect(tags.node_id).toBe("imgkit-node-a");
    expect(tags.models.length).toBeGreaterThan(0);

    // Reachable from another container by its alias; metrics in Prometheus text format.
    const metrics = await devTools([], "curl", "-sf", "http://ollama-node-1:9090/metrics");
    expect(metrics).toMatch(/^sim_info\{role="ollama-node",node_id="imgkit-node-a",simulator="true"\} 1$/m);
    const generated = JSON.parse(
      await devTools(
        [],
        "curl",
        "-sf",
        "-X",
        "POST",
        "-d",
        '{"model":"llama3.2:1b","prompt":"hello","stream":false}',
        "http://ollama-node-1:8080/api/generate",
      ),
    );
    expect(generated).toMatchObject({ done: true, node_id: "imgkit-node-a" });

    const logs = await run("docker", ["logs", node]).then((r) => r.stdout + r.stderr);
    expect(logs).toContain("SIMULATOR");
  });

  it("minio simulator accepts MinIO's arguments and answers its health URL", async () => {
    const minio = await start(
      "minio",
      "minio",
      IMAGES.minio,
      [],
      ["server", "/data", "--console-address", ":9001"],
    );
    await until("curl -f http://localhost:9000/minio/health/live", 30_000, async () =>
      (await execStatus(minio, "sh", "-c", "curl -f http://localhost:9000/minio/health/live || exit 1")).ok
        ? true
        : undefined,
    );
    const state = await docker("inspect", "--format", "{{.State.Running}}", minio);
    expect(state).toBe("true");
  });
});
