/**
 * The typed topology model: what a compose file means once parsed, interpolated and normalized.
 * Every later stage (plan, orchestrator, UI, analysis) reads this and never the raw YAML.
 * Units are explicit in names: *Ms for milliseconds, *Bytes for bytes, cpus as a decimal count.
 */
import type { PullPolicy } from "./pull-policy";
import type { ContainerRuntime, DeviceRequest } from "./runtime-types";

export type * from "./runtime-types";
export type { PullPolicy } from "./pull-policy";

export type DependencyCondition = "service_started" | "service_healthy" | "service_completed_successfully";

export type Dependency = {
  service: string;
  condition: DependencyCondition;
  required: boolean;
  restart: boolean;
};

/** Docker Engine health check, durations already in milliseconds. */
export type Healthcheck = {
  /** Engine form: ["CMD", ...] | ["CMD-SHELL", "..."] | ["NONE"]. */
  test: string[];
  intervalMs: number;
  timeoutMs: number;
  retries: number;
  startPeriodMs: number;
  startIntervalMs: number | null;
};

export type PortMapping = {
  /** Host address; ports written without one get the panel's publish address. */
  hostIp: string;
  hostPort: number | null;
  containerPort: number;
  protocol: "tcp" | "udp";
};

/** Mount flags of the short (`:ro,z`) and long syntax (`bind:`, `volume:`, `tmpfs:`). */
export type MountOptions = {
  /** SELinux relabelling: z shared, Z private. */
  selinux?: "z" | "Z";
  /** Bind propagation: rprivate, private, rshared, shared, rslave, slave. */
  propagation?: string;
  /** volume.nocopy: do not copy the image's files into an empty volume. */
  noCopy?: boolean;
  /** bind.create_host_path: false refuses a missing host path instead of creating it. */
  createHostPath?: boolean;
  tmpfsSizeBytes?: number;
  tmpfsMode?: number;
};

export type VolumeMount = (
  | { type: "bind"; source: string; target: string; readOnly: boolean }
  | { type: "volume"; source: string | null; target: string; readOnly: boolean }
  | { type: "tmpfs"; source: null; target: string; readOnly: boolean }
) & { options?: MountOptions };

export type ServiceNetwork = {
  name: string;
  /** Always contains the service name: nginx and Prometheus address services by it. */
  aliases: string[];
  ipv4Address: string | null;
  ipv6Address?: string;
  linkLocalIps?: string[];
  /** Endpoint driver options (driver_opts of the service's network entry). */
  driverOpts?: Record<string, string>;
};

export type Resources = {
  cpusLimit: number | null;
  memoryLimitBytes: number | null;
  /** No single-host equivalent: kept for display and Swarm. */
  cpusReservation: number | null;
  memoryReservationBytes: number | null;
};

/** Where and how many: the compose `deploy` keys only Swarm honours (one container per service elsewhere). */
export type SwarmPlacement = {
  /** `deploy.replicas` (else `scale`); null: not written (one). */
  replicas: number | null;
  /** `deploy.placement.constraints`, e.g. "node.role==worker". */
  constraints: string[];
  /** `deploy.placement.preferences[].spread`, e.g. "node.labels.zone". */
  spread: string[];
};

export type Service = {
  name: string;
  image: string;
  build: {
    context: string;
    dockerfile: string;
    args: Record<string, string>;
    /** target, labels, no_cache, pull, network, shm_size: as the Engine's build parameters take them. */
    options?: BuildOptions;
  } | null;
  containerName: string | null;
  command: string[] | null;
  entrypoint: string[] | null;
  environment: Record<string, string>;
  ports: PortMapping[];
  volumes: VolumeMount[];
  networks: ServiceNetwork[];
  dependsOn: Dependency[];
  /** null: no health check (ready when running); test ["NONE"] is normalized to null. */
  healthcheck: Healthcheck | null;
  /**
   * `disable: true` or a NONE test: the container gets Test ["NONE"], which also switches off a
   * HEALTHCHECK the image declares (null alone would leave the image's check running).
   */
  healthcheckDisabled?: boolean;
  resources: Resources;
  restart: "no" | "always" | "on-failure" | "unless-stopped";
  /** on-failure's retry count ("on-failure:3", deploy.restart_policy.max_attempts). */
  restartMaxRetries?: number;
  labels: Record<string, string>;
  /** The `x-phase` extension, or null to derive phases from dependency levels. */
  phase: string | null;
  /** 1-based line of the service key in the source file, for error messages. */
  line: number;
  /** `network_mode` ("host", "none", "service:x"); when set, `networks` is empty. */
  networkMode?: string | null;
  /** `working_dir` inside the container. */
  workingDir?: string | null;
  /** Options reaching into the host; the deploy policy decides whether they reach Docker. */
  hostAccess?: HostAccess;
  /** Every other applied key (user, shm_size, ulimits, …); absent on services built in code. */
  runtime?: ContainerRuntime;
  /**
   * Secrets and configs whose content the deployer writes into a panel-managed file and mounts
   * read-only (`environment:` and `content:` sources). File-sourced ones are read-only binds in
   * `volumes` already, as Compose mounts them.
   */
  generatedFiles?: GeneratedFile[];
  /** `pull_policy` (absent: missing, pull only an image the engine does not have). */
  pullPolicy?: PullPolicy;
  /** Replicas and placement for a Swarm deploy (absent: one replica, anywhere). */
  swarm?: SwarmPlacement;
  /**
   * One container of a replicated service on a single engine (lib/compose/replicas.ts): the
   * compose service it runs and its number, as Compose v2 labels and names it.
   */
  replica?: { service: string; number: number };
};

/** The build keys the panel's builder applies beyond context, dockerfile and args. */
export type BuildOptions = {
  /** pull_policy: build — rebuilt at every deploy, even when the image is present. */
  always?: boolean;
  target?: string;
  labels?: Record<string, string>;
  noCache?: boolean;
  pull?: boolean;
  network?: string;
  shmSizeBytes?: number;
};

/** A secret or config the deployer materializes; the value is never in the topology, only where it comes from. */
export type GeneratedFile = {
  kind: "secret" | "config";
  name: string;
  /** Absolute path inside the container (/run/secrets/<name>, /<name> for configs). */
  target: string;
  source: { type: "environment"; variable: string } | { type: "content"; text: string };
  /** File mode, octal as a number (0o444 unless the long syntax says otherwise). */
  mode: number;
};

/** A service's host-reaching options, as Docker's HostConfig takes them. */
export type HostAccess = {
  privileged: boolean;
  pidMode: string | null;
  ipcMode: string | null;
  usernsMode: string | null;
  capAdd: string[];
  devices: string[];
  securityOpt: string[];
  sysctls: Record<string, string>;
  /** `cgroup`: host or private cgroup namespace. */
  cgroupnsMode?: string | null;
  cgroupParent?: string | null;
  /** `uts`: host shares the host's hostname namespace. */
  utsMode?: string | null;
  deviceCgroupRules?: string[];
  /** `gpus` and deploy.resources.reservations.devices. */
  deviceRequests?: DeviceRequest[];
  /** security_opt as the Engine takes it, when it differs from the file's (a seccomp profile inlined). */
  securityOptEngine?: string[];
  /** security_opt "systempaths=unconfined": no masked or read-only /proc and /sys paths. */
  unmaskSystemPaths?: boolean;
};

/**
 * One compose key that reaches past the container (a bind mount, a build context, a namespace
 * mode, a capability, …), located in the file. The deploy policy judges these; nothing that
 * reaches the host is dropped without a trace.
 */
export type HostReachingOption = {
  service: string;
  /** The compose key: volumes, build, network_mode, pid, privileged, cap_add, … */
  key: string;
  /** Its value after interpolation; bind mounts and builds carry the absolute host path. */
  value: string;
  /** A host path as the file wrote it (`../data`, `/var/run/docker.sock`), when `value` resolved it. */
  written?: string;
  path: string;
  line: number | null;
};

export type Network = {
  name: string;
  /** Name of the Docker network to create: `<project>_<name>` unless `name:` is given. */
  dockerName: string;
  driver: string;
  external: boolean;
  internal: boolean;
  subnets: {
    subnet: string;
    gateway: string | null;
    ipRange?: string;
    auxAddresses?: Record<string, string>;
  }[];
  driverOpts: Record<string, string>;
  labels: Record<string, string>;
  enableIpv6?: boolean;
  attachable?: boolean;
  /** ipam.driver and ipam.options (absent: Docker's default IPAM). */
  ipamDriver?: string;
  ipamOptions?: Record<string, string>;
};

export type NamedVolume = {
  name: string;
  dockerName: string;
  driver: string;
  external: boolean;
  driverOpts?: Record<string, string>;
  labels?: Record<string, string>;
};

export type Topology = {
  /** Compose project name (top-level `name:` or the folder name). */
  project: string;
  /** Absolute path of the compose file. */
  file: string;
  /** Folder relative paths are resolved against. */
  dir: string;
  /** sha256 of the file's text, to tell runs of different versions apart. */
  contentHash: string;
  services: Service[];
  networks: Network[];
  volumes: NamedVolume[];
  /**
   * Services named in each service's bind-mounted config files. Filled by loadTopology, which
   * reads them, unless asked not to (`mountedReferences: false`, as display paths do); absent
   * from parseTopology alone. Only deploy planning (dag reference gates) reads it.
   */
  mountedReferences?: Record<string, string[]>;
  /** Variables the file requires (`${VAR:?msg}`), with the file's message. */
  requiredVariables: { name: string; message: string }[];
  /** Every host-reaching option of every service, for the deploy policy (lib/compose/policy.ts). */
  hostReaching?: HostReachingOption[];
  /** Every compose file read, in order: the base, override files, extends bases, included files. */
  files?: string[];
  /** Profiles services declare, and those this load enabled (services of others are left out). */
  profiles?: { declared: string[]; active: string[]; servicesByProfile: Record<string, string[]> };
  /** Services left out because none of their profiles was chosen. */
  inactiveServices?: string[];
  /** The top-level `name:` as written (before normalization), null when the file has none. */
  declaredName?: string | null;
  /** The COMPOSE_* settings honoured from the variables (the folder's .env): project name, profiles, files. */
  composeSettings?: Partial<Record<ComposeSetting, string>>;
};

/** A problem in a compose file, located so a person can fix it. */
export type ComposeIssue = {
  code:
    | "yaml_syntax"
    | "schema"
    | "interpolation"
    | "duration"
    | "memory_size"
    | "dependency_cycle"
    | "unknown_dependency"
    | "unknown_network"
    | "duplicate_port"
    | "file_not_found"
    | "invalid_value"
    | "unsupported_key";
  message: string;
  file: string;
  line: number | null;
  /** Path in the document, e.g. "services.redis.healthcheck.interval". */
  path: string | null;
  /** The variable a required-variable `interpolation` issue is about, so callers need not parse the message. */
  variable?: string;
  /** Unset variables that emptied the value this issue is about (not required ones: see `variable`). */
  unsetVariables?: string[];
};

export type LoadResult =
  { ok: true; topology: Topology; warnings: ComposeIssue[] } | { ok: false; errors: ComposeIssue[] };

/** The variables Compose reads for itself from the folder's .env (and the panel honours). */
export const COMPOSE_SETTINGS = ["COMPOSE_PROJECT_NAME", "COMPOSE_PROFILES", "COMPOSE_FILE"] as const;
export type ComposeSetting = (typeof COMPOSE_SETTINGS)[number];
