// The Engine gate: the only code that sends the requests through which a deploy, scale or build
// reaches the host — container create and network connect, volume create and reuse, network
// create and reuse, image build. Each request is read back into the host-reaching facts it
// carries (bind sources, volume driver options, namespaces, capabilities, devices, foreign volumes
// and networks, build network, extra hosts, …) and judged with the deploy policy's own judgement
// against the approved policy of the topology (lib/compose/policy-grants.ts): a fact the policy
// did not allow stops the request before it is sent, whatever compose key produced it. An Engine
// field the gate does not know is refused too, so a new key cannot slip past it.
// lib/architecture.test.ts keeps every other module away from the Engine's create calls.
import type Docker from "dockerode";
import { describeFindings, type PolicyFinding } from "@/lib/compose/policy";
import { judgeRequestFact, type ApprovedPolicy, type RequestFact } from "@/lib/compose/policy-grants";
import { AppError } from "@/lib/errors";
import { getDocker } from "./client";
import { isNotFound } from "./docker-error";
import { LABEL } from "./labels";

/** HostConfig fields that reach nothing outside the container's own limits: sent as they are. */
const CONTAINED_HOST_FIELDS = new Set([
  "NanoCpus",
  "Memory",
  "MemoryReservation",
  "RestartPolicy",
  "PortBindings",
  "Tmpfs",
  "Init",
  "ReadonlyRootfs",
  "ShmSize",
  "Ulimits",
  "CapDrop",
  "GroupAdd",
  "Dns",
  "DnsOptions",
  "DnsSearch",
  "LogConfig",
  "CpuShares",
  "CpuPeriod",
  "CpuQuota",
  "CpuRealtimePeriod",
  "CpuRealtimeRuntime",
  "CpusetCpus",
  "MemorySwappiness",
  "MemorySwap",
  "OomKillDisable",
  "OomScoreAdj",
  "PidsLimit",
  "BlkioWeight",
  "BlkioWeightDevice",
  "BlkioDeviceReadBps",
  "BlkioDeviceWriteBps",
  "BlkioDeviceReadIOps",
  "BlkioDeviceWriteIOps",
  "Runtime",
  "Isolation",
  "StorageOpt",
]);

/** HostConfig fields the gate reads into facts (below). Any other field is refused. */
const JUDGED_HOST_FIELDS = new Set([
  "Binds",
  "Mounts",
  "NetworkMode",
  "ExtraHosts",
  "Privileged",
  "PidMode",
  "IpcMode",
  "UsernsMode",
  "CapAdd",
  "Devices",
  "SecurityOpt",
  "Sysctls",
  "CgroupnsMode",
  "CgroupParent",
  "UTSMode",
  "DeviceCgroupRules",
  "DeviceRequests",
  "MaskedPaths",
  "ReadonlyPaths",
]);

/** Image build parameters the gate knows (Engine API /build). */
const BUILD_FIELDS = new Set([
  "t",
  "dockerfile",
  "buildargs",
  "labels",
  "target",
  "nocache",
  // Removes a failed step's intermediate container: reaches nothing on the host.
  "forcerm",
  "pull",
  "networkmode",
  "shmsize",
  "extrahosts",
]);

/** Swarm service spec fields the gate knows (lib/swarm/service-spec.ts); any other is refused. */
const SWARM_SERVICE_FIELDS = new Set(["Name", "Labels", "TaskTemplate", "Mode", "EndpointSpec"]);
const SWARM_TASK_FIELDS = new Set(["ContainerSpec", "Resources", "RestartPolicy", "Placement", "Networks"]);
const SWARM_CONTAINER_FIELDS = new Set([
  "Image",
  "Command",
  "Args",
  "Env",
  "Labels",
  "Mounts",
  "HealthCheck",
  "Dir",
]);

/** Networks of the engine itself that isolate rather than reach: joining them needs no approval. */
const ENGINE_NETWORKS = new Set(["none", "default", "bridge"]);

/** HostConfig as the gate reads it (dockerode types these fields as any). */
type GatedHostConfig = Omit<Docker.HostConfig, "CapAdd" | "Devices" | "SecurityOpt" | "ExtraHosts"> & {
  CapAdd?: string[];
  Devices?: { PathOnHost: string; PathInContainer: string; CgroupPermissions: string }[];
  SecurityOpt?: string[];
  ExtraHosts?: string[];
  CgroupnsMode?: string;
};

type Refusal = Pick<PolicyFinding, "line" | "message" | "rule" | "fix">;

const refusal = (message: string, fix: string): Refusal => ({
  line: null,
  rule: "unsupported_host_option",
  message,
  fix,
});

/** A fact read from the request `field` of `service`. */
const fact = (service: string, key: string, value: string, field: string): RequestFact => ({
  service,
  key,
  value,
  path: field,
  line: null,
});

/** The driver and driver options a volume mount asks the Engine to create its volume with. */
const volumeDriverFacts = ({
  service,
  mount,
  field,
}: {
  service: string;
  mount: Docker.MountSettings;
  field: string;
}): RequestFact[] => {
  const driver = mount.VolumeOptions?.DriverConfig;
  return [
    ...(driver?.Name && driver.Name !== "local"
      ? [fact(service, "volumes.driver", driver.Name, `${field}.VolumeOptions`)]
      : []),
    ...Object.entries(driver?.Options ?? {}).map(([option, value]) =>
      fact(
        service,
        "volumes.driver_opts",
        `${option}=${value}`,
        `${field}.VolumeOptions.DriverConfig.Options`,
      ),
    ),
  ];
};

/** Facts a container-create body carries that need no Engine lookup. */
const containerFacts = ({
  policy,
  body,
  service,
}: {
  policy: ApprovedPolicy;
  body: Docker.ContainerCreateOptions;
  service: string;
}): { facts: RequestFact[]; refused: Refusal[]; volumes: string[]; networks: string[] } => {
  const host: GatedHostConfig = body.HostConfig ?? {};
  const facts: RequestFact[] = [];
  const refused: Refusal[] = [];
  const volumes: string[] = [];
  const networks: string[] = [];
  const add = (key: string, value: string, field: string) => facts.push(fact(service, key, value, field));
  for (const [field, value] of Object.entries(host as Record<string, unknown>))
    if (value !== undefined && !CONTAINED_HOST_FIELDS.has(field) && !JUDGED_HOST_FIELDS.has(field))
      refused.push(
        refusal(
          `${service}: the Engine field HostConfig.${field} is not judged by the gate`,
          "apply the key through a field the gate judges (lib/docker/engine-gate.ts), or remove it",
        ),
      );
  (host.Binds ?? []).forEach((bind, index) => {
    const source = bind.split(":")[0] ?? "";
    if (source.startsWith("/")) add("volumes", source, `HostConfig.Binds[${index}]`);
    else volumes.push(source);
  });
  (host.Mounts ?? []).forEach((mount, index) => {
    const field = `HostConfig.Mounts[${index}]`;
    if (mount.Type === "bind") add("volumes", mount.Source, field);
    else if (mount.Type === "volume") {
      if (mount.Source) volumes.push(mount.Source);
      facts.push(...volumeDriverFacts({ service, mount, field }));
    } else if (mount.Type !== "tmpfs")
      refused.push(
        refusal(`${service}: mount type ${mount.Type} at ${mount.Target}`, "use bind, volume or tmpfs"),
      );
  });
  const joins = (key: string, value: string | undefined, field: string) => {
    if (!value) return;
    const joined = /^container:(.+)$/.exec(value)?.[1];
    // Another container of this very project: the file's service:<name>.
    if (joined !== undefined && policy.containers.includes(joined)) return;
    add(key, value, field);
  };
  const mode = host.NetworkMode;
  if (mode === "host" || mode?.startsWith("container:"))
    joins("network_mode", mode, "HostConfig.NetworkMode");
  else if (mode && !ENGINE_NETWORKS.has(mode)) networks.push(mode);
  networks.push(...Object.keys(body.NetworkingConfig?.EndpointsConfig ?? {}));
  if (host.PidMode) joins("pid", host.PidMode, "HostConfig.PidMode");
  if (host.IpcMode && host.IpcMode !== "private" && host.IpcMode !== "shareable")
    joins("ipc", host.IpcMode, "HostConfig.IpcMode");
  if (host.UsernsMode) add("userns_mode", host.UsernsMode, "HostConfig.UsernsMode");
  if (host.UTSMode) add("uts", host.UTSMode, "HostConfig.UTSMode");
  if (host.CgroupnsMode) add("cgroup", host.CgroupnsMode, "HostConfig.CgroupnsMode");
  if (host.CgroupParent) add("cgroup_parent", host.CgroupParent, "HostConfig.CgroupParent");
  if (host.Privileged) add("privileged", "true", "HostConfig.Privileged");
  (host.CapAdd ?? []).forEach((cap, i) => add("cap_add", cap, `HostConfig.CapAdd[${i}]`));
  (host.Devices ?? []).forEach((device, i) =>
    add(
      "devices",
      `${device.PathOnHost}:${device.PathInContainer}:${device.CgroupPermissions}`,
      `HostConfig.Devices[${i}]`,
    ),
  );
  (host.DeviceCgroupRules ?? []).forEach((rule, i) =>
    add("device_cgroup_rules", rule, `HostConfig.DeviceCgroupRules[${i}]`),
  );
  ((host.DeviceRequests ?? []) as { Count?: number }[]).forEach((request, i) =>
    add(
      "gpus",
      `${request.Count === -1 ? "all" : (request.Count ?? 0)} devices`,
      `HostConfig.DeviceRequests[${i}]`,
    ),
  );
  (host.SecurityOpt ?? []).forEach((option, i) =>
    add("security_opt", option, `HostConfig.SecurityOpt[${i}]`),
  );
  if (host.MaskedPaths !== undefined || host.ReadonlyPaths !== undefined)
    add("security_opt", "systempaths=unconfined", "HostConfig.MaskedPaths");
  for (const [name, value] of Object.entries(host.Sysctls ?? {}))
    add("sysctls", `${name}=${value}`, `HostConfig.Sysctls.${name}`);
  (host.ExtraHosts ?? []).forEach((entry, i) => add("extra_hosts", entry, `HostConfig.ExtraHosts[${i}]`));
  return { facts, refused, volumes, networks };
};

/** The gate in front of one deploy's (or scale's, or build's) Engine requests. */
export type EngineGate = {
  readonly policy: ApprovedPolicy;
  /** Creates a container once every fact of its body passed. */
  createContainer: (body: Docker.ContainerCreateOptions) => Promise<Docker.Container>;
  /** Joins a created container to a network of the project (or an approved external one). */
  connectNetwork: (options: {
    network: string;
    container: string;
    endpoint: Docker.EndpointSettings;
  }) => Promise<void>;
  /** Creates a volume of the project (driver and options judged). */
  createVolume: (body: Docker.VolumeCreateOptions) => Promise<void>;
  /** Judges the reuse of an existing volume: the project's own, or external and approved. */
  useVolume: (options: { name: string; labels: Record<string, string> | null }) => void;
  /** Creates a network of the project (driver and options judged), on `engine` (default: the scope's). */
  createNetwork: (body: Docker.NetworkCreateOptions, engine?: Docker) => Promise<{ id: string }>;
  /** Creates a Swarm service on the swarm's manager once its mounts and networks passed. */
  createSwarmService: (manager: Docker, spec: Docker.CreateServiceOptions) => Promise<void>;
  /** Judges the reuse of an existing network: the project's own, or external and approved. */
  useNetwork: (options: { name: string; labels: Record<string, string> | null }) => void;
  /**
   * Builds an image from a context inside what the policy allows (context, network, extra hosts);
   * the context's files are listed only after the judgement.
   */
  buildImage: (
    source: { context: string; files: () => string[] },
    options: Record<string, unknown>,
  ) => Promise<NodeJS.ReadableStream>;
};

/** The gate over the caller's engine (getDocker() at each request) for one approved policy. */
export const engineGate = (policy: ApprovedPolicy): EngineGate => {
  const judge = (what: string, facts: RequestFact[], refused: Refusal[] = [], networkHost = false): void => {
    if (policy.role === "viewer")
      refused.push(refusal(`a ${policy.role} sends no request to the Engine`, "deploy as an operator"));
    for (const item of facts) {
      const verdict = judgeRequestFact({ policy, fact: item, networkHost });
      if (!verdict.allowed)
        refused.push(
          verdict.located
            ? verdict.finding
            : { ...verdict.finding, message: `${verdict.finding.message} (no key of the file declares it)` },
        );
    }
    if (refused.length === 0) return;
    throw new AppError(
      "bad_request",
      `The Engine gate refused ${what} for ${policy.topologyName}${refused.some((r) => r.line !== null) ? " (an admin may approve the approvable findings on the Topology page)" : ""}: ${describeFindings(refused)}`,
      { policy: refused },
    );
  };

  /** The facts of using `name` as a volume or network: none when the project owns it. */
  const ownership = ({
    kind,
    name,
    labels,
    exists,
  }: {
    kind: "volume" | "network";
    name: string;
    labels: Record<string, string> | null;
    exists: boolean;
  }): { facts: RequestFact[]; refused: Refusal[] } => {
    const own = kind === "volume" ? policy.volumes : policy.networks;
    const external = kind === "volume" ? policy.externalVolumes : policy.externalNetworks;
    const owner = labels?.[LABEL.project];
    if (own.includes(name) && (!exists || owner === policy.project)) return { facts: [], refused: [] };
    if (external.includes(name))
      return { facts: [fact(name, `${kind}s.name`, name, `${kind} ${name}`)], refused: [] };
    const why = `${kind} ${name} ${exists ? `belongs to ${owner ? `project "${owner}"` : "no project of the panel"}` : "is not one of the file's"}: the project uses only its own ${kind}s, and others only when declared external and approved`;
    // The file's key that named it, with its line, when the file holds one.
    const inFile = policy.judged.find(
      ({ option }) => option.key === `${kind}s.name` && option.value === name,
    )?.finding;
    return {
      facts: [],
      refused: [
        {
          ...refusal(
            inFile ? `${inFile.path}: ${why}` : why,
            `give the project its own ${kind}, or declare ${name} external: true and ask an admin to approve it`,
          ),
          ...(inFile ? { line: inFile.line, rule: inFile.rule } : {}),
        },
      ],
    };
  };

  /** A create of something that is not one of the file's own volumes or networks, labelled as the project's. */
  const notOwn = ({
    kind,
    name,
    labels,
  }: {
    kind: "volume" | "network";
    name: string;
    labels: Record<string, string> | undefined;
  }): Refusal[] =>
    (kind === "volume" ? policy.volumes : policy.networks).includes(name) &&
    labels?.[LABEL.project] === policy.project
      ? []
      : [
          refusal(
            `${kind} ${name} is not one of ${policy.project}'s ${kind}s`,
            `create only the file's own ${kind}s`,
          ),
        ];

  const lookup = async (kind: "volume" | "network", name: string) => {
    const docker = getDocker();
    try {
      const info =
        kind === "volume" ? await docker.getVolume(name).inspect() : await docker.getNetwork(name).inspect();
      return { exists: true, labels: (info.Labels ?? null) as Record<string, string> | null };
    } catch (error) {
      if (isNotFound(error)) return { exists: false, labels: null };
      throw error;
    }
  };

  const networkUse = async (names: string[]) => {
    const out = { facts: [] as RequestFact[], refused: [] as Refusal[] };
    for (const name of new Set(names.filter((n) => !ENGINE_NETWORKS.has(n)))) {
      const found = await lookup("network", name);
      const judged = ownership({ kind: "network", name, ...found });
      out.facts.push(...judged.facts);
      out.refused.push(...judged.refused);
    }
    return out;
  };

  return {
    policy,
    createContainer: async (body) => {
      const service = body.Labels?.[LABEL.service] ?? body.name ?? "?";
      const read = containerFacts({ policy, body, service });
      const facts = [...read.facts];
      const refused = [...read.refused];
      for (const name of new Set(read.volumes)) {
        const judged = ownership({ kind: "volume", name, ...(await lookup("volume", name)) });
        facts.push(...judged.facts);
        refused.push(...judged.refused);
      }
      const networks = await networkUse(read.networks);
      judge(
        `container ${body.name ?? service}`,
        [...facts, ...networks.facts],
        [...refused, ...networks.refused],
        body.HostConfig?.NetworkMode === "host",
      );
      return getDocker().createContainer(body);
    },
    connectNetwork: async ({ network, container, endpoint }) => {
      const judged = await networkUse([network]);
      judge(`joining network ${network}`, judged.facts, judged.refused);
      await getDocker().getNetwork(network).connect({ Container: container, EndpointConfig: endpoint });
    },
    createVolume: async (body) => {
      const name = body.Name ?? "";
      const facts: RequestFact[] = [];
      const refused: Refusal[] = [];
      refused.push(...notOwn({ kind: "volume", name, labels: body.Labels }));
      if (body.Driver && body.Driver !== "local")
        facts.push(fact(name, "volumes.driver", body.Driver, "Driver"));
      for (const [option, value] of Object.entries(body.DriverOpts ?? {}))
        facts.push(fact(name, "volumes.driver_opts", `${option}=${value}`, `DriverOpts.${option}`));
      judge(`creating volume ${name}`, facts, refused);
      await getDocker().createVolume(body);
    },
    useVolume: ({ name, labels }) => {
      const judged = ownership({ kind: "volume", name, labels, exists: true });
      judge(`reusing volume ${name}`, judged.facts, judged.refused);
    },
    createNetwork: async (body, engine = getDocker()) => {
      const name = body.Name;
      const facts: RequestFact[] = [];
      const refused: Refusal[] = [];
      refused.push(...notOwn({ kind: "network", name, labels: body.Labels }));
      const driver = body.Driver ?? "bridge";
      if (name === "host" || ["host", "macvlan", "ipvlan"].includes(driver))
        facts.push(fact(name, "networks", `${name} (driver ${driver})`, "Driver"));
      for (const [option, value] of Object.entries(body.Options ?? {}))
        facts.push(fact(name, "networks.driver_opts", `${option}=${value}`, `Options.${option}`));
      judge(`creating network ${name}`, facts, refused);
      const created = await engine.createNetwork(body);
      return { id: created.id };
    },
    createSwarmService: async (manager, spec) => {
      const service = spec.Labels?.[LABEL.service] ?? spec.Name ?? "?";
      const task = (spec.TaskTemplate ?? {}) as Record<string, unknown>;
      const container = (task.ContainerSpec ?? {}) as Record<string, unknown>;
      const refused = [
        ...Object.keys(spec)
          .filter((f) => !SWARM_SERVICE_FIELDS.has(f))
          .map((f) => `${f}`),
        ...Object.keys(task)
          .filter((f) => !SWARM_TASK_FIELDS.has(f))
          .map((f) => `TaskTemplate.${f}`),
        ...Object.keys(container)
          .filter((f) => !SWARM_CONTAINER_FIELDS.has(f))
          .map((f) => `TaskTemplate.ContainerSpec.${f}`),
      ].map((field) =>
        refusal(`${service}: the Swarm service field ${field} is not judged by the gate`, "remove it"),
      );
      const facts: RequestFact[] = [];
      const names = { volumes: [] as string[], networks: [] as string[] };
      ((container.Mounts ?? []) as Docker.MountSettings[]).forEach((mount, index) => {
        const field = `TaskTemplate.ContainerSpec.Mounts[${index}]`;
        if (mount.Type === "bind") facts.push(fact(service, "volumes", mount.Source, field));
        else if (mount.Type === "volume") {
          if (mount.Source) names.volumes.push(mount.Source);
          facts.push(...volumeDriverFacts({ service, mount, field }));
        } else if (mount.Type !== "tmpfs")
          refused.push(
            refusal(`${service}: mount type ${mount.Type} at ${mount.Target}`, "use bind, volume or tmpfs"),
          );
      });
      for (const network of (task.Networks ?? []) as { Target?: string }[])
        if (network.Target) names.networks.push(network.Target);
      // Swarm makes the volumes on its nodes, the panel its overlay networks: judged by name.
      for (const [kind, list] of [
        ["volume", names.volumes],
        ["network", names.networks],
      ] as const)
        for (const name of new Set(list)) {
          // A name outside the project's prefix may be another project's on some node: as foreign.
          const prefixed = name.startsWith(`${policy.project}_`);
          const judged = ownership({ kind, name, labels: prefixed ? null : {}, exists: !prefixed });
          facts.push(...judged.facts);
          refused.push(...judged.refused);
        }
      judge(`Swarm service ${spec.Name ?? service}`, facts, refused);
      await manager.createService(spec);
    },
    useNetwork: ({ name, labels }) => {
      const judged = ownership({ kind: "network", name, labels, exists: true });
      judge(`reusing network ${name}`, judged.facts, judged.refused);
    },
    buildImage: async (source, options) => {
      const tag = String(options.t ?? "?");
      const facts: RequestFact[] = [fact(tag, "build", source.context, "context")];
      const refused = Object.keys(options)
        .filter((field) => !BUILD_FIELDS.has(field))
        .map((field) =>
          refusal(`build of ${tag}: the build parameter ${field} is not judged by the gate`, "remove it"),
        );
      if (typeof options.networkmode === "string")
        facts.push(fact(tag, "build.network", options.networkmode, "networkmode"));
      const extraHosts = options.extrahosts;
      for (const entry of typeof extraHosts === "string" ? extraHosts.split(",") : [])
        facts.push(fact(tag, "extra_hosts", entry, "extrahosts"));
      judge(`building ${tag}`, facts, refused);
      return (await getDocker().buildImage(
        { context: source.context, src: source.files() },
        options,
      )) as NodeJS.ReadableStream;
    },
  };
};
