// One compose file with user, shm_size, cap_add, tmpfs, ulimits, extra_hosts, env_file (and more service
// keys) deployed twice on the real engine: by the panel's deploy path and by docker-compose 1.29.
// `docker inspect` of the two containers must agree field by field on everything the file sets.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadTopology } from "@/lib/compose";
import { getDocker } from "@/lib/docker/client";
import { LABEL, projectFilter } from "@/lib/docker/labels";
import { startTeardown } from "@/lib/deploy";
import { dockerCompose, leftovers, purgeProject } from "./fixtures/deploy-support";
import { TEST_IMAGE } from "./fixtures/fixture-topology";
import { startApprovedDeploy } from "./fixtures/approved-deploy";

const COMPOSE = "/usr/bin/docker-compose";
const dir = `/tmp/cmpkeys-${process.pid}`;
/** The panel's project is the folder's name; docker-compose's is given with -p. */
const panelProject = `cmpkeys-${process.pid}`;
const referenceProject = `cmpkeys-ref-${process.pid}`;

const FILE = `services:
  app:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    user: "1000:1000"
    shm_size: 96m
    cap_add: [NET_ADMIN]
    cap_drop: [MKNOD]
    tmpfs:
      - /run/app:size=1m
    ulimits:
      nofile: { soft: 1024, hard: 2048 }
      nproc: 512
    extra_hosts:
      - "db.example:10.0.0.5"
    expose: ["3000"]
    init: true
    stop_signal: SIGINT
    stop_grace_period: 5s
    hostname: cmpkeys-host
    working_dir: /tmp
    read_only: true
    env_file:
      - ./app.env
    environment:
      GREETING: hello
    sysctls:
      net.core.somaxconn: 1024
    security_opt: [no-new-privileges:true]
    pids_limit: 100
    cpu_shares: 512
    oom_score_adj: 100
    dns_search: [cmpkeys.example]
    dns: [10.0.0.53]
    dns_opt: [use-vc]
    domainname: cmpkeys.example
    mac_address: 02:42:ac:11:00:42
    tty: true
    stdin_open: true
    cpuset: "0"
    cpu_period: 100000
    cpu_quota: 50000
    mem_limit: 256m
    memswap_limit: 512m
    mem_swappiness: 10
    devices: ["/dev/null:/dev/xnull"]
    restart: on-failure:3
    group_add: ["2000"]
    logging:
      driver: json-file
      options: { max-size: 1m }
    volumes:
      - ./conf:/conf:ro,z
  mounts:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    init: true
    volumes:
      - type: bind
        source: ./conf
        target: /conf-long
        read_only: true
      - type: volume
        source: data
        target: /data
        volume: { nocopy: true }
      - type: tmpfs
        target: /scratch
        tmpfs: { size: 2m }
      - ./conf:/conf-short:ro
volumes:
  data: {}
`;

const CONFIG_FIELDS = ["User", "ExposedPorts", "Hostname", "WorkingDir", "StopSignal", "StopTimeout"];
const CONFIG_FIELDS_ALSO = ["Cmd", "Env", "Tty", "OpenStdin", "Domainname", "Entrypoint", "MacAddress"];
const HOST_FIELDS = [
  "ShmSize",
  "CapAdd",
  "CapDrop",
  "Tmpfs",
  "Ulimits",
  "ExtraHosts",
  "Init",
  "ReadonlyRootfs",
  "Sysctls",
  "SecurityOpt",
  "PidsLimit",
  "CpuShares",
  "OomScoreAdj",
  "DnsSearch",
  "GroupAdd",
  "LogConfig",
  "Binds",
  "Privileged",
  "IpcMode",
  "PidMode",
  "Devices",
  "Memory",
  "NanoCpus",
  "Dns",
  "DnsOptions",
  "CpusetCpus",
  "CpuPeriod",
  "CpuQuota",
  "MemorySwap",
  "MemorySwappiness",
  "RestartPolicy",
];

const inspectOf = async (project: string, service: string) => {
  const docker = getDocker();
  const filters = { label: [...projectFilter(project).label, `${LABEL.service}=${service}`] };
  const [found] = await docker.listContainers({ all: true, filters });
  if (!found) throw new Error(`no container of ${project}`);
  return docker.getContainer(found.Id).inspect();
};

const pick = (record: object, fields: string[]) =>
  Object.fromEntries(fields.map((field) => [field, (record as Record<string, unknown>)[field] ?? null]));

afterAll(async () => {
  try {
    await dockerCompose(["-p", referenceProject, "down", "-v", "--remove-orphans"], dir);
  } catch {
    // nothing was created
  }
  await purgeProject(panelProject);
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!existsSync(COMPOSE))("service keys: the panel creates what docker-compose creates", () => {
  it("inspects the same, field by field", async () => {
    mkdirSync(join(dir, "conf"), { recursive: true });
    writeFileSync(join(dir, "conf", "app.conf"), "x=1\n");
    writeFileSync(join(dir, "docker-compose.yml"), FILE);
    // GREETING is set by environment too, which wins; a quoted value loses its quotes.
    writeFileSync(
      join(dir, "app.env"),
      '# read by env_file\nFROM_FILE=1\nGREETING=from-file\nQUOTED="a b"\n',
    );
    const loaded = await loadTopology({ file: join(dir, "docker-compose.yml"), env: {}, folderEnv: false });
    if (!loaded.ok) throw new Error(loaded.errors.map((e) => `${e.line}: ${e.message}`).join("\n"));
    expect(loaded.topology.project).toBe(panelProject);
    const run = await startApprovedDeploy({ topology: loaded.topology, strategy: "dag" }).done;
    expect(run.error ?? null).toBeNull();
    expect(run.status).toBe("healthy");
    await dockerCompose(["-p", referenceProject, "up", "-d"], dir);

    const panel = await inspectOf(panelProject, "app");
    const reference = await inspectOf(referenceProject, "app");
    // What the file asks for is really there (so equal-but-empty cannot pass).
    expect(panel.Config.User).toBe("1000:1000");
    expect(panel.HostConfig.ShmSize).toBe(96 * 1024 * 1024);
    expect(panel.HostConfig.CapAdd).toEqual(["NET_ADMIN"]);
    expect(panel.HostConfig.Tmpfs).toEqual({ "/run/app": "size=1m" });
    expect(panel.HostConfig.Ulimits).toHaveLength(2);
    expect(panel.HostConfig.ExtraHosts).toEqual(["db.example:10.0.0.5"]);
    expect(panel.HostConfig.RestartPolicy).toEqual({ Name: "on-failure", MaximumRetryCount: 3 });
    expect(panel.HostConfig.MemorySwap).toBe(512 * 1024 * 1024);
    expect(panel.Config.Env).toEqual(expect.arrayContaining(["FROM_FILE=1", "GREETING=hello", "QUOTED=a b"]));

    expect(pick(panel.Config, [...CONFIG_FIELDS, ...CONFIG_FIELDS_ALSO])).toEqual(
      pick(reference.Config, [...CONFIG_FIELDS, ...CONFIG_FIELDS_ALSO]),
    );
    expect(pick(panel.HostConfig, HOST_FIELDS)).toEqual(pick(reference.HostConfig, HOST_FIELDS));
    const mounts = (inspect: typeof panel) =>
      inspect.Mounts.map(({ Type, Source, Destination, Mode, RW, Propagation }) => ({
        Type,
        Source,
        Destination,
        Mode,
        RW,
        Propagation,
      }));
    expect(mounts(panel)).toEqual(mounts(reference));
    expect(panel.State.Running && reference.State.Running).toBe(true);

    // Long-syntax mounts: docker-compose 1.29 sends them as Mounts, the panel as Binds and Tmpfs;
    // the kernel's mount table in each container must be the same.
    const mountTable = async (project: string) => {
      const { Id } = await inspectOf(project, "mounts");
      return execFileSync("docker", ["exec", Id, "cat", "/proc/mounts"], { encoding: "utf8" })
        .split("\n")
        .map((line) => line.split(" "))
        .filter(([, target]) => ["/conf-long", "/data", "/scratch", "/conf-short"].includes(target ?? ""))
        .map(([, target, type, options]) => `${target} ${type} ${options}`)
        .sort();
    };
    const panelMounts = await mountTable(panelProject);
    expect(panelMounts).toHaveLength(4);
    expect(panelMounts.find((m) => m.startsWith("/scratch"))).toMatch(/^\/scratch tmpfs .*size=2048k/);
    expect(panelMounts.find((m) => m.startsWith("/conf-long"))).toMatch(/ ro,/);
    expect(panelMounts).toEqual(await mountTable(referenceProject));

    await startTeardown({ project: panelProject, removeVolumes: true }).done;
    expect(await leftovers(panelProject)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  }, 120_000);
});
