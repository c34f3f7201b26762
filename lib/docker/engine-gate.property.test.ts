// The Engine gate's property (issue 25): compose files generated from every key the panel applies
// (lib/compose/service-keys.ts), with host-reaching values mixed into ordinary ones, are deployed
// as an operator against a recording fake Engine — through the deploy's own preparation
// (prepareRun: builds, networks, volumes) and container creation — with the deploy-time policy
// check skipped, as if a key had slipped past it. No recorded request may carry an unapproved
// host path, namespace, capability, device, privileged flag, volume driver option, foreign volume
// or network, or build network (an oracle written apart from the gate reads the requests), every
// attack is refused naming its key and line, and the add-time policy finds each one too. Once an
// admin approved the approvable findings, the same files deploy (the gate does not over-refuse).
// A seeded generator (no fast-check in this project): a failure prints its seed and file.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import type Docker from "dockerode";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { KEY_SAMPLE_FILE, SERVICE_KEY_SAMPLES } from "@/lib/compose/key-samples";
import { readForApproval } from "@/lib/compose/confined-file";
import { loadText } from "@/lib/compose/test-support";
import type { ApprovedFile } from "@/lib/compose/topology-files";
import { evaluatePolicy, judgedOptions, type PanelPaths, type PolicyFinding } from "@/lib/compose/policy";
import { approvedPolicyOf, type ApprovedPolicy } from "@/lib/compose/policy-grants";
import { SERVICE_KEYS, type ServiceKey } from "@/lib/compose/service-keys";
import type { Topology } from "@/lib/compose/types";
import { prepareRun } from "@/lib/deploy/prepare";
import { createRunContext } from "@/lib/deploy/run-context";
import { withEngine } from "./client";
import { createServiceContainer } from "./containers";
import { engineGate } from "./engine-gate";
import { LABEL } from "./labels";

const PROJECT = "gateprop";
const FOREIGN = { volume: "optimized_grafana-data", network: "optimized_infra-net" };

/** One host-reaching use of a key: the service keys, the top-level definitions, the policy key it raises. */
type Attack = {
  name: string;
  /** The compose key (service key, or top-level `volumes` / `networks`) the attack is written with. */
  key: ServiceKey | "volumes(top)" | "networks(top)";
  service?: Record<string, unknown>;
  top?: Record<string, Record<string, unknown>>;
  /** The key the policy's finding names. */
  finding: string;
  /** Whether an admin's approval lets it deploy (false: never, or not without `external: true`). */
  approvable: boolean;
};

const ATTACKS: Attack[] = [
  // `/` holds the Docker socket: never approvable.
  {
    name: "bind of /",
    key: "volumes",
    service: { volumes: ["/:/host"] },
    finding: "volumes",
    approvable: false,
  },
  {
    name: "long bind of /etc",
    key: "volumes",
    service: { volumes: [{ type: "bind", source: "/etc", target: "/x" }] },
    finding: "volumes",
    approvable: true,
  },
  {
    name: "the Docker socket",
    key: "volumes",
    service: { volumes: ["/var/run/docker.sock:/var/run/docker.sock"] },
    finding: "volumes",
    approvable: false,
  },
  {
    name: "local volume bind-mounting / (driver_opts)",
    key: "volumes(top)",
    service: { volumes: ["hostroot:/host"] },
    top: {
      volumes: { hostroot: { driver: "local", driver_opts: { type: "none", o: "bind", device: "/" } } },
    },
    finding: "volumes.driver_opts",
    approvable: false,
  },
  {
    name: "local volume bind-mounting /srv (driver_opts)",
    key: "volumes(top)",
    service: { volumes: ["srv:/srv"] },
    top: { volumes: { srv: { driver: "local", driver_opts: { type: "none", o: "bind", device: "/srv" } } } },
    finding: "volumes.driver_opts",
    approvable: true,
  },
  {
    name: "volume plugin driver",
    key: "volumes(top)",
    service: { volumes: ["plug:/p"] },
    top: { volumes: { plug: { driver: "rexray/ebs" } } },
    finding: "volumes.driver",
    approvable: true,
  },
  {
    name: "another project's volume by name",
    key: "volumes(top)",
    service: { volumes: ["g:/var/lib/grafana"] },
    top: { volumes: { g: { name: FOREIGN.volume } } },
    finding: "volumes.name",
    approvable: false,
  },
  {
    name: "another project's volume, external",
    key: "volumes(top)",
    service: { volumes: ["g:/var/lib/grafana"] },
    top: { volumes: { g: { external: true, name: FOREIGN.volume } } },
    finding: "volumes.name",
    approvable: true,
  },
  {
    name: "another project's network, external",
    key: "networks(top)",
    service: { networks: ["n"] },
    top: { networks: { n: { external: true, name: FOREIGN.network } } },
    finding: "networks.name",
    approvable: true,
  },
  {
    name: "another project's network by name",
    key: "networks(top)",
    service: { networks: ["n"] },
    top: { networks: { n: { name: FOREIGN.network } } },
    finding: "networks.name",
    approvable: false,
  },
  {
    name: "macvlan network",
    key: "networks(top)",
    service: { networks: ["lan"] },
    top: { networks: { lan: { driver: "macvlan", driver_opts: { parent: "eth0" } } } },
    finding: "networks",
    approvable: true,
  },
  {
    name: "bridge on the host's docker0",
    key: "networks(top)",
    service: { networks: ["br"] },
    top: { networks: { br: { driver_opts: { "com.docker.network.bridge.name": "docker0" } } } },
    finding: "networks.driver_opts",
    approvable: true,
  },
  {
    name: "host network",
    key: "network_mode",
    service: { network_mode: "host" },
    finding: "network_mode",
    approvable: true,
  },
  {
    name: "another container's network",
    key: "network_mode",
    service: { network_mode: "container:someone-else" },
    finding: "network_mode",
    approvable: true,
  },
  { name: "host pid", key: "pid", service: { pid: "host" }, finding: "pid", approvable: true },
  { name: "host ipc", key: "ipc", service: { ipc: "host" }, finding: "ipc", approvable: true },
  {
    name: "host userns",
    key: "userns_mode",
    service: { userns_mode: "host" },
    finding: "userns_mode",
    approvable: true,
  },
  { name: "host uts", key: "uts", service: { uts: "host" }, finding: "uts", approvable: true },
  { name: "host cgroup", key: "cgroup", service: { cgroup: "host" }, finding: "cgroup", approvable: true },
  {
    name: "cgroup parent",
    key: "cgroup_parent",
    service: { cgroup_parent: "/system.slice" },
    finding: "cgroup_parent",
    approvable: true,
  },
  {
    name: "privileged",
    key: "privileged",
    service: { privileged: true },
    finding: "privileged",
    approvable: true,
  },
  {
    name: "SYS_ADMIN",
    key: "cap_add",
    service: { cap_add: ["SYS_ADMIN"] },
    finding: "cap_add",
    approvable: true,
  },
  {
    name: "a disk",
    key: "devices",
    service: { devices: ["/dev/sda:/dev/sda"] },
    finding: "devices",
    approvable: true,
  },
  {
    name: "every device",
    key: "device_cgroup_rules",
    service: { device_cgroup_rules: ["a *:* rwm"] },
    finding: "device_cgroup_rules",
    approvable: true,
  },
  { name: "all GPUs", key: "gpus", service: { gpus: "all" }, finding: "gpus", approvable: true },
  {
    name: "no seccomp",
    key: "security_opt",
    service: { security_opt: ["seccomp:unconfined"] },
    finding: "security_opt",
    approvable: true,
  },
  {
    name: "unmasked /proc",
    key: "security_opt",
    service: { security_opt: ["systempaths=unconfined"] },
    finding: "security_opt",
    approvable: true,
  },
  {
    name: "host kernel sysctl",
    key: "sysctls",
    service: { sysctls: { "kernel.panic": 1 } },
    finding: "sysctls",
    approvable: true,
  },
  {
    name: "the host by host-gateway",
    key: "extra_hosts",
    service: { extra_hosts: ["panel:host-gateway"] },
    finding: "extra_hosts",
    approvable: true,
  },
  {
    name: "build on the host's network",
    key: "build",
    service: { image: `${PROJECT}-built`, build: { context: ".", network: "host" } },
    finding: "build.network",
    approvable: true,
  },
  {
    name: "build in another container's network",
    key: "build",
    service: { image: `${PROJECT}-built`, build: { context: ".", network: "container:someone-else" } },
    finding: "build.network",
    approvable: true,
  },
  {
    name: "build context /etc",
    key: "build",
    service: { image: `${PROJECT}-built`, build: { context: "/etc", dockerfile: "hostname" } },
    finding: "build",
    approvable: true,
  },
  {
    name: "a secret from /etc/shadow",
    key: "secrets",
    service: { secrets: ["shadow"] },
    top: { secrets: { shadow: { file: "/etc/shadow" } } },
    finding: "secrets",
    approvable: true,
  },
  {
    name: "a config from /etc/hosts",
    key: "configs",
    service: { configs: ["hosts"] },
    top: { configs: { hosts: { file: "/etc/hosts" } } },
    finding: "configs",
    approvable: true,
  },
];

/** Keys whose sample refers to a second service or to a mode the mix cannot hold with attacks. */
const NOT_MIXED = new Set<string>(["network_mode", "depends_on", "image", "build", "container_name"]);

/** The applied keys with no attack: their schema samples are mixed in as ordinary settings. */
const ATTACKED = new Set<string>(ATTACKS.map((a) => a.key));
const APPLIED = Object.entries(SERVICE_KEYS)
  .filter(([, entry]) => entry.status === "applied")
  .map(([key]) => key as ServiceKey);
const BENIGN = APPLIED.filter((key) => !ATTACKED.has(key) && !NOT_MIXED.has(key));

/** mulberry32: a small seeded generator, so a failure can be replayed from its seed. */
const seeded = (seed: number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const pick = <T>(random: () => number, items: readonly T[], count: number): T[] => {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < count && pool.length > 0)
    out.push(...pool.splice(Math.floor(random() * pool.length), 1));
  return out;
};

/** The attacks a service may carry together (one network_mode, one build, one use of `g`/`n`). */
const compatible = (attacks: Attack[]): boolean => {
  const slots = attacks.map((a) =>
    a.key === "network_mode" || a.key === "networks(top)" || a.finding === "extra_hosts"
      ? "network"
      : a.key === "build"
        ? "build"
        : a.top?.volumes && "g" in a.top.volumes
          ? "g"
          : a.name,
  );
  return new Set(slots).size === slots.length;
};

type Recorded = { kind: string; body: Record<string, unknown> };

/** A dockerode-compatible Engine that records every request and holds another project's objects. */
const recordingEngine = () => {
  const requests: Recorded[] = [];
  const notFound = () => Object.assign(new Error("no such object"), { statusCode: 404 });
  const volumes = new Map<string, Record<string, string>>([
    [FOREIGN.volume, { [LABEL.project]: "optimized" }],
  ]);
  const networks = new Map<string, Record<string, string>>([
    [FOREIGN.network, { [LABEL.project]: "optimized" }],
  ]);
  let next = 0;
  const docker = {
    modem: {
      followProgress: (_stream: unknown, done: (error: Error | null, output: unknown[]) => void) =>
        done(null, []),
    },
    getImage: (image: string) => ({
      inspect: async () => {
        if (image.startsWith(PROJECT)) throw notFound();
        return { Id: `sha256:${image}` };
      },
    }),
    buildImage: async (source: unknown, options: Record<string, unknown>) => {
      requests.push({ kind: "build", body: { source, ...options } });
      const stream = new PassThrough();
      stream.end();
      return stream;
    },
    getVolume: (name: string) => ({
      inspect: async () => {
        const labels = volumes.get(name);
        if (!labels) throw notFound();
        return { Name: name, Labels: labels, Mountpoint: `/var/lib/docker/volumes/${name}` };
      },
    }),
    createVolume: async (body: Docker.VolumeCreateOptions) => {
      requests.push({ kind: "volume", body: { ...body } });
      volumes.set(body.Name ?? "", body.Labels ?? {});
      return {};
    },
    getNetwork: (name: string) => ({
      inspect: async () => {
        const labels = networks.get(name);
        if (!labels) throw notFound();
        return { Id: name, Name: name, Labels: labels };
      },
      connect: async (body: Record<string, unknown>) => {
        requests.push({ kind: "connect", body: { network: name, ...body } });
      },
    }),
    createNetwork: async (body: Docker.NetworkCreateOptions) => {
      requests.push({ kind: "network", body: { ...body } });
      networks.set(body.Name, body.Labels ?? {});
      return { id: body.Name };
    },
    createContainer: async (body: Docker.ContainerCreateOptions) => {
      requests.push({ kind: "container", body: { ...body } });
      next += 1;
      return { id: `container-${next}` };
    },
  };
  return { docker: docker as unknown as Docker, requests };
};

const NAMESPACED =
  /^(kernel\.(msgmax|msgmnb|msgmni|sem|shmall|shmmax|shmmni|shm_rmid_forced)|fs\.mqueue\..+|net\..+)$/;

/**
 * Everything host-reaching in the recorded requests, read independently of the gate: host paths
 * outside `dir`, namespaces, capabilities, devices, privileges, volume drivers and options,
 * foreign volumes and networks, build networks and contexts outside `dir`, host-gateway.
 */
const hostReachingIn = (requests: Recorded[], dir: string): string[] => {
  const outside = (p: string) => p !== dir && !p.startsWith(`${dir}/`);
  const foreign = (name: string) => name === FOREIGN.volume || name === FOREIGN.network;
  return requests.flatMap(({ kind, body }): string[] => {
    const found: string[] = [];
    if (kind === "container") {
      const host = (body.HostConfig ?? {}) as Record<string, unknown>;
      for (const bind of (host.Binds as string[] | undefined) ?? []) {
        const source = bind.split(":")[0] ?? "";
        if (source.startsWith("/") ? outside(source) : foreign(source)) found.push(`bind ${bind}`);
      }
      for (const mount of (host.Mounts as { Type: string; Source: string }[] | undefined) ?? [])
        if ((mount.Type === "bind" && outside(mount.Source)) || foreign(mount.Source))
          found.push(`mount ${mount.Source}`);
      for (const field of ["PidMode", "IpcMode", "UTSMode", "UsernsMode", "CgroupnsMode", "NetworkMode"])
        if (host[field] === "host" || String(host[field] ?? "").startsWith("container:someone"))
          found.push(`${field} ${String(host[field])}`);
      for (const field of [
        "Privileged",
        "CapAdd",
        "Devices",
        "DeviceCgroupRules",
        "DeviceRequests",
        "CgroupParent",
        "MaskedPaths",
      ])
        if (host[field] !== undefined && host[field] !== false) found.push(field);
      for (const option of (host.SecurityOpt as string[] | undefined) ?? [])
        if (!option.startsWith("no-new-privileges")) found.push(`security_opt ${option}`);
      for (const name of Object.keys((host.Sysctls as Record<string, string> | undefined) ?? {}))
        if (!NAMESPACED.test(name)) found.push(`sysctl ${name}`);
      for (const entry of (host.ExtraHosts as string[] | undefined) ?? [])
        if (entry.includes("host-gateway")) found.push(`extra host ${entry}`);
      const endpoints = (body.NetworkingConfig as { EndpointsConfig?: Record<string, unknown> } | undefined)
        ?.EndpointsConfig;
      for (const name of Object.keys(endpoints ?? {})) if (foreign(name)) found.push(`network ${name}`);
      if (foreign(String(host.NetworkMode ?? ""))) found.push(`network ${String(host.NetworkMode)}`);
    }
    if (kind === "connect" && foreign(String(body.network))) found.push(`network ${String(body.network)}`);
    if (kind === "volume") {
      if (body.Driver !== undefined && body.Driver !== "local")
        found.push(`volume driver ${String(body.Driver)}`);
      if (Object.keys((body.DriverOpts as Record<string, string> | undefined) ?? {}).length > 0)
        found.push(`volume options ${JSON.stringify(body.DriverOpts)}`);
    }
    if (kind === "network") {
      if (["host", "macvlan", "ipvlan"].includes(String(body.Driver)))
        found.push(`network driver ${String(body.Driver)}`);
      if (Object.keys((body.Options as Record<string, string> | undefined) ?? {}).length > 0)
        found.push(`network options ${JSON.stringify(body.Options)}`);
    }
    if (kind === "build") {
      if (body.networkmode !== undefined) found.push(`build network ${String(body.networkmode)}`);
      const context = (body.source as { context: string }).context;
      if (outside(context)) found.push(`build context ${context}`);
    }
    return found;
  });
};

const PANEL: PanelPaths = {
  root: "/opt/ollamamax-panel",
  others: ["/opt/ollamamax-panel/data"],
  dockerSockets: ["/var/run/docker.sock", "/run/docker.sock"],
};

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A folder holding the key samples' files, with the compose document written into it. */
/**
 * The host files a document's secrets and configs name: the confined reader reads them only once
 * an admin approved each (real path and content hash), before the policy and the gate judge the mount.
 */
const outsideFilesOf = (document: Record<string, unknown>): string[] =>
  ["secrets", "configs"].flatMap((section) =>
    Object.values((document[section] ?? {}) as Record<string, { file?: string }>).flatMap((entry) =>
      entry.file?.startsWith("/") ? [entry.file] : [],
    ),
  );

const fileApprovals = async (document: Record<string, unknown>): Promise<ApprovedFile[]> =>
  (await Promise.all(outsideFilesOf(document).map((file) => readForApproval({ path: file })))).flatMap(
    (read) => (read.ok ? [{ realPath: read.realPath, sha256: read.sha256 }] : []),
  );

const load = async (
  document: Record<string, unknown>,
  { approveFiles = true }: { approveFiles?: boolean } = {},
): Promise<{ topology: Topology; text: string }> => {
  const dir = mkdtempSync(path.join(tmpdir(), "gateprop-"));
  dirs.push(dir);
  cpSync(path.dirname(KEY_SAMPLE_FILE), dir, { recursive: true });
  const text = stringify(document);
  const result = await loadText({
    text,
    file: path.join(dir, "docker-compose.yml"),
    env: {},
    approvedFiles: approveFiles ? await fileApprovals(document) : [],
  });
  if (!result.ok)
    throw new Error(`${text}\n${result.errors.map((e) => `line ${e.line}: ${e.message}`).join("\n")}`);
  return { topology: result.topology, text };
};

/** Deploys `topology` through the deploy's preparation and container creation, against `docker`. */
const deploy = async ({
  topology,
  findings,
  approve,
}: {
  topology: Topology;
  findings: PolicyFinding[];
  approve: boolean;
}): Promise<{ requests: Recorded[]; errors: string[] }> => {
  const policy = approvedPolicyOf({
    topologyName: PROJECT,
    topology,
    panel: PANEL,
    approvedIds: new Set(approve ? findings.filter((f) => f.approvable).map((f) => f.id) : []),
    role: approve ? "admin" : "operator",
  });
  return deployWith(topology, policy);
};

/** The deploy's preparation and container creation against a fresh recording Engine, under `policy`. */
const deployWith = async (
  topology: Topology,
  policy: ApprovedPolicy,
): Promise<{ requests: Recorded[]; errors: string[] }> => {
  const engine = recordingEngine();
  const gate = engineGate(policy);
  const errors: string[] = [];
  const scope = { environmentId: "fake", environmentName: "fake", docker: engine.docker, onThisHost: false };
  await withEngine(scope, async () => {
    const ctx = createRunContext({ runId: "prop", project: topology.project });
    const created = { containers: [], networks: [], volumes: [] };
    await prepareRun({ ctx, topology, created, gate }).catch((e: Error) => errors.push(e.message));
    for (const service of topology.services)
      await createServiceContainer({ service, topology, runId: "prop", gate }).catch((e: Error) =>
        errors.push(e.message),
      );
  });
  return { requests: engine.requests, errors };
};

const serviceOf = (attacks: Attack[], benign: ServiceKey[]): Record<string, unknown> => {
  const service: Record<string, unknown> = { image: "busybox" };
  for (const key of benign) service[key] = SERVICE_KEY_SAMPLES[key];
  for (const attack of attacks) {
    for (const [key, value] of Object.entries(attack.service ?? {})) {
      const existing = service[key];
      service[key] = Array.isArray(existing) && Array.isArray(value) ? [...existing, ...value] : value;
    }
  }
  return service;
};

const documentOf = (attacks: Attack[], benign: ServiceKey[]): Record<string, unknown> => {
  const top: Record<string, Record<string, unknown>> = {};
  if (benign.includes("secrets")) top.secrets = { token: { file: "./token.txt" } };
  if (benign.includes("configs")) top.configs = { app_config: { file: "./app.conf" } };
  for (const attack of attacks)
    for (const [section, entries] of Object.entries(attack.top ?? {}))
      top[section] = { ...top[section], ...entries };
  return { name: PROJECT, services: { app: serviceOf(attacks, benign) }, ...top };
};

describe("the Engine gate", () => {
  it("covers every applied key: an attack, or a sample mixed in as an ordinary setting", () => {
    const uncovered = APPLIED.filter(
      (key) => !ATTACKED.has(key) && !BENIGN.includes(key) && !NOT_MIXED.has(key),
    );
    expect(uncovered).toEqual([]);
    // The keys the issue names all have attacks.
    for (const key of [
      "volumes",
      "build",
      "network_mode",
      "pid",
      "privileged",
      "cap_add",
      "devices",
      "extra_hosts",
    ])
      expect(ATTACKED.has(key), key).toBe(true);
  });

  it.each(ATTACKS.map((attack) => [attack.name, attack] as const))(
    "%s: found at add time with its key and line; no request carries it; refused naming key and line",
    async (_name, attack) => {
      const document = documentOf([attack], []);
      // A host file a secret or config names: not even read until an admin approves it.
      if (outsideFilesOf(document).length > 0)
        await expect(load(document, { approveFiles: false })).rejects.toThrow(
          /(secrets|configs)\.\w+\.file: "\/etc\/\w+" is not a file this topology may read/,
        );
      const { topology, text } = await load(document);
      const findings = evaluatePolicy({ topology, panel: PANEL });
      const finding = findings.find((f) => f.key === attack.finding);
      expect(finding, `${text}\nfindings: ${JSON.stringify(findings)}`).toBeDefined();
      expect(finding?.line, text).toBeGreaterThan(0);
      const { requests, errors } = await deploy({ topology, findings, approve: false });
      expect(hostReachingIn(requests, topology.dir), text).toEqual([]);
      const refusal = errors.join("\n");
      expect(refusal, text).toContain(finding?.path);
      expect(refusal, text).toContain(`line ${finding?.line}`);
    },
  );

  it.each(ATTACKS.filter((a) => a.approvable).map((attack) => [attack.name, attack] as const))(
    "%s: deploys once an admin approved it (the gate judges as the policy does)",
    async (_name, attack) => {
      const { topology, text } = await load(documentOf([attack], []));
      const findings = evaluatePolicy({ topology, panel: PANEL });
      const { requests, errors } = await deploy({ topology, findings, approve: true });
      expect(errors, text).toEqual([]);
      expect(
        requests.some((r) => r.kind === "container"),
        text,
      ).toBe(true);
    },
  );

  const SEEDS = Array.from({ length: 40 }, (_, i) => 0x25_0000 + i * 7919);
  it.each(SEEDS.map((seed) => [seed]))(
    "seed %i: a generated file of ordinary and host-reaching keys sends nothing unapproved",
    async (seed) => {
      const random = seeded(seed);
      let attacks: Attack[] = [];
      do attacks = pick(random, ATTACKS, 1 + Math.floor(random() * 3));
      while (!compatible(attacks));
      const benign = pick(random, BENIGN, 3 + Math.floor(random() * 6));
      const { topology, text } = await load(documentOf(attacks, benign));
      const judged = judgedOptions({ topology, panel: PANEL });
      const findings = judged.map((j) => j.finding);
      for (const attack of attacks)
        expect(
          findings.some((f) => f.key === attack.finding && f.line !== null),
          `seed ${seed}: ${attack.name}\n${text}`,
        ).toBe(true);
      const refused = await deploy({ topology, findings, approve: false });
      expect(hostReachingIn(refused.requests, topology.dir), `seed ${seed}\n${text}`).toEqual([]);
      expect(refused.errors.length, `seed ${seed}\n${text}`).toBeGreaterThan(0);
      const approved = await deploy({ topology, findings, approve: true });
      if (attacks.every((a) => a.approvable)) expect(approved.errors, `seed ${seed}\n${text}`).toEqual([]);
      else
        expect(
          hostReachingIn(approved.requests, topology.dir).filter((f) => /docker\.sock|optimized_/.test(f)),
        ).toEqual([]);
    },
  );
});

describe("the gate's own rules", () => {
  const plain = () =>
    load({ name: PROJECT, services: { app: { image: "busybox" }, db: { image: "busybox" } } });

  it("refuses an Engine field it does not judge (a new key cannot slip past it)", async () => {
    const { topology } = await plain();
    const engine = recordingEngine();
    const gate = engineGate(
      approvedPolicyOf({
        topologyName: PROJECT,
        topology,
        panel: PANEL,
        approvedIds: new Set(),
        role: "admin",
      }),
    );
    const scope = {
      environmentId: "fake",
      environmentName: "fake",
      docker: engine.docker,
      onThisHost: false,
    };
    const body = { name: "x", Image: "busybox", HostConfig: { VolumesFrom: ["someone-else"] } };
    await expect(withEngine(scope, () => gate.createContainer(body))).rejects.toThrow(
      /HostConfig\.VolumesFrom is not judged by the gate/,
    );
    expect(engine.requests).toEqual([]);
  });

  it("sends nothing for a viewer, and lets a service join its own project's container", async () => {
    const { topology } = await load({
      name: PROJECT,
      services: { app: { image: "busybox", network_mode: "service:db" }, db: { image: "busybox" } },
    });
    const policyOf = (role: "viewer" | "operator") =>
      approvedPolicyOf({ topologyName: PROJECT, topology, panel: PANEL, approvedIds: new Set(), role });
    const viewer = await deployWith(topology, policyOf("viewer"));
    expect(viewer.requests.filter((r) => r.kind === "container")).toEqual([]);
    expect(viewer.errors.join("\n")).toMatch(/a viewer sends no request to the Engine/);
    const operator = await deployWith(topology, policyOf("operator"));
    expect(operator.errors).toEqual([]);
    const app = operator.requests.find(
      (r) => r.kind === "container" && String(r.body.name).endsWith("-app-1"),
    );
    expect((app?.body.HostConfig as { NetworkMode?: string }).NetworkMode).toBe(`container:${PROJECT}-db-1`);
  });
});
