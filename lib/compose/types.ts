/**
 * The typed topology model: what a compose file means once parsed, interpolated and normalized.
 * Every later stage (plan, orchestrator, UI, analysis) reads this and never the raw YAML.
 * Units are explicit in names: *Ms for milliseconds, *Bytes for bytes, cpus as a decimal count.
 */

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

export type VolumeMount =
  | { type: "bind"; source: string; target: string; readOnly: boolean }
  | { type: "volume"; source: string | null; target: string; readOnly: boolean }
  | { type: "tmpfs"; source: null; target: string; readOnly: boolean };

export type ServiceNetwork = {
  name: string;
  /** Always contains the service name: nginx and Prometheus address services by it. */
  aliases: string[];
  ipv4Address: string | null;
};

export type Resources = {
  cpusLimit: number | null;
  memoryLimitBytes: number | null;
  /** No single-host equivalent: kept for display and Swarm. */
  cpusReservation: number | null;
  memoryReservationBytes: number | null;
};

export type Service = {
  name: string;
  image: string;
  build: { context: string; dockerfile: string; args: Record<string, string> } | null;
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
  resources: Resources;
  restart: "no" | "always" | "on-failure" | "unless-stopped";
  labels: Record<string, string>;
  /** The `x-phase` extension, or null to derive phases from dependency levels. */
  phase: string | null;
  /** 1-based line of the service key in the source file, for error messages. */
  line: number;
  /** `network_mode` ("host", "none", "service:x"); when set, `networks` is empty. */
  networkMode?: string | null;
  /** `working_dir` inside the container. */
  workingDir?: string | null;
  /** `stop_grace_period`: how long a stop waits before SIGKILL (Docker's StopTimeout; absent: 10 s). */
  stopGracePeriodMs?: number;
  /** `stop_signal` (absent: the image's, else SIGTERM). */
  stopSignal?: string;
  /** Options reaching into the host; the deploy policy decides whether they reach Docker. */
  hostAccess?: HostAccess;
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
  subnets: { subnet: string; gateway: string | null }[];
  driverOpts: Record<string, string>;
  labels: Record<string, string>;
};

export type NamedVolume = {
  name: string;
  dockerName: string;
  driver: string;
  external: boolean;
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
    | "invalid_value";
  message: string;
  file: string;
  line: number | null;
  /** Path in the document, e.g. "services.redis.healthcheck.interval". */
  path: string | null;
  /** The variable a required-variable `interpolation` issue is about, so callers need not parse the message. */
  variable?: string;
};

export type LoadResult =
  { ok: true; topology: Topology; warnings: ComposeIssue[] } | { ok: false; errors: ComposeIssue[] };
