// The applied keys normalized as docker compose reads them, and their bad values located.
import { describe, expect, it } from "vitest";
import { parseTopology } from "./parse-topology";

const FILE = "/tmp/cmpkeys/docker-compose.yml";
const parse = (lines: string[]) => parseTopology({ text: lines.join("\n"), file: FILE, env: {} });
const service = (lines: string[]) => {
  const result = parse(["services:", "  app:", "    image: busybox", ...lines]);
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join("\n"));
  return result.topology.services[0];
};

describe("container settings", () => {
  it("reads the list and map forms Compose allows", () => {
    const app = service([
      "    expose: [3000, '4000-4002/udp']",
      "    extra_hosts:",
      "      db.example: 10.0.0.5",
      "      both.example: ['10.0.0.6', '::1']",
      "    ulimits:",
      "      nofile: { soft: 10, hard: 20 }",
      "      core: 0",
      "    stop_grace_period: 1m30s",
      "    memswap_limit: -1",
      "    dns: 1.1.1.1",
      "    cpu_rt_runtime: 95ms",
      "    deploy:",
      "      resources:",
      "        limits:",
      "          pids: 64",
    ]);
    expect(app?.runtime).toMatchObject({
      expose: ["3000/tcp", "4000/udp", "4001/udp", "4002/udp"],
      extraHosts: ["db.example:10.0.0.5", "both.example:10.0.0.6", "both.example:::1"],
      ulimits: [
        { name: "nofile", soft: 10, hard: 20 },
        { name: "core", soft: 0, hard: 0 },
      ],
      stopTimeoutSeconds: 90,
      memorySwapBytes: -1,
      dns: ["1.1.1.1"],
      cpuRealtimeRuntimeUs: 95_000,
      pidsLimit: 64,
    });
  });

  it("points at a bad value's own line", () => {
    const result = parse([
      "services:",
      "  app:",
      "    image: busybox",
      "    shm_size: lots",
      "    oom_score_adj: high",
      "    stop_grace_period: soon",
      "    volumes:",
      "      - ./x:/x:rw,bogus",
    ]);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors.map((e) => `${e.path}@${e.line}`).sort()).toEqual([
      "services.app.oom_score_adj@5",
      "services.app.shm_size@4",
      "services.app.stop_grace_period@6",
      "services.app.volumes.0@8",
    ]);
  });

  it("resolves service:<name> in network_mode, ipc and pid to the container, started first", () => {
    const result = parse([
      "services:",
      "  db:",
      "    image: busybox",
      "    container_name: the-db",
      "  side:",
      "    image: busybox",
      "    network_mode: service:db",
      "    ipc: service:db",
      "  ghost:",
      "    image: busybox",
      "    pid: service:nobody",
    ]);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors.map((e) => `${e.code}@${e.line}`)).toEqual([
      "unknown_dependency@11",
    ]);
    const ok = parse([
      "services:",
      "  db:",
      "    image: busybox",
      "  side:",
      "    image: busybox",
      "    network_mode: service:db",
    ]);
    if (!ok.ok) throw new Error("did not load");
    const side = ok.topology.services[1];
    expect(side?.networkMode).toBe("container:cmpkeys-db-1");
    expect(side?.dependsOn).toEqual([
      { service: "db", condition: "service_started", required: true, restart: false },
    ]);
  });

  it("passes the build keys the builder applies and refuses BuildKit's", () => {
    const app = service([
      "    pull_policy: build",
      "    build:",
      "      context: .",
      "      target: dev",
      "      labels: [team=x]",
      "      no_cache: true",
      "      shm_size: 128m",
    ]);
    expect(app?.build?.options).toEqual({
      always: true,
      target: "dev",
      labels: { team: "x" },
      noCache: true,
      shmSizeBytes: 128 * 1024 * 1024,
    });
    const result = parse(["services:", "  app:", "    build:", "      context: .", "      ssh: [default]"]);
    expect(result.ok ? [] : result.errors.map((e) => `${e.code} ${e.path}@${e.line}`)).toEqual([
      "unsupported_key services.app.build.ssh@5",
    ]);
  });
});
