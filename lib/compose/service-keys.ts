// Every key a service may carry in the Compose Specification, and what the panel does with it.
// A key is applied to the container as `docker compose` applies it (the note names the Engine
// API field), handled by the panel itself (deploy order, readiness, restart after ready, …), or
// refused at load with the key, the service and the line: never dropped without a word.
// lib/compose/compose-keys.test.ts walks compose-spec.json and fails on a key missing here, and
// checks docs/COMPOSE-KEYS.md against this table (regenerate it: `npx tsx scripts/compose/keys-doc.ts`).

export type KeyStatus = "applied" | "panel" | "refused";

/** What the panel does with one key; `note` names the Engine field, the panel's handling or the reason. */
export type KeyEntry = { status: KeyStatus; note: string };

const applied = (note: string): KeyEntry => ({ status: "applied", note });
const panel = (note: string): KeyEntry => ({ status: "panel", note });
const refused = (note: string): KeyEntry => ({ status: "refused", note });

const WINDOWS_ONLY = refused("Windows containers only; this panel drives a Linux engine");
/** Keys the loader does not read yet. */
const NOT_READ_YET = refused("not read by the panel yet: inline the values in the service");

/** Service keys (`services.<name>.<key>`); `x-*` extensions are accepted and ignored, as by Compose. */
export const SERVICE_KEYS = {
  annotations: refused("needs Engine API 1.43 (HostConfig.Annotations); the panel speaks 1.41"),
  attach: panel("logs of every service are streamed by the panel; attach changes nothing in the container"),
  blkio_config: applied("HostConfig.BlkioWeight, BlkioWeightDevice, BlkioDevice{Read,Write}{Bps,IOps}"),
  build: panel(
    "image built when absent, before the deploy (context inside the topology folder: policy); context, dockerfile, args (one without a value takes the variable's value, left out when unset), target, labels, no_cache, pull, network, shm_size applied; BuildKit-only keys (ssh, secrets, cache_to, …) refused",
  ),
  cap_add: applied("HostConfig.CapAdd (host-reaching: policy)"),
  cap_drop: applied("HostConfig.CapDrop"),
  cgroup: applied("HostConfig.CgroupnsMode (host: host-reaching)"),
  cgroup_parent: applied("HostConfig.CgroupParent (host-reaching: policy)"),
  command: applied("Config.Cmd (a string is split like a shell)"),
  configs: applied(
    "read-only mounts at /<name> or the target: file sources bound, environment and content sources written under data/compose-files first with the grant's mode; uid/gid, and mode on a file source, refused",
  ),
  container_name: applied("the container's name (else <project>-<service>-1)"),
  cpu_count: WINDOWS_ONLY,
  cpu_percent: WINDOWS_ONLY,
  cpu_period: applied("HostConfig.CpuPeriod"),
  cpu_quota: applied("HostConfig.CpuQuota"),
  cpu_rt_period: applied("HostConfig.CpuRealtimePeriod (duration → µs)"),
  cpu_rt_runtime: applied("HostConfig.CpuRealtimeRuntime (duration → µs)"),
  cpu_shares: applied("HostConfig.CpuShares"),
  cpus: applied("HostConfig.NanoCpus (deploy.resources.limits.cpus wins)"),
  cpuset: applied("HostConfig.CpusetCpus"),
  credential_spec: WINDOWS_ONLY,
  depends_on: panel("start order and readiness gates of the deploy strategy"),
  deploy: panel(
    "resources.limits cpus/memory/pids (NanoCpus, Memory, PidsLimit), reservations.memory (MemoryReservation), reservations.devices (DeviceRequests), reservations.cpus shown only (no single-host field), restart_policy condition/max_attempts; replicas run as N containers <project>-<service>-1…N on one engine (as Compose v2) and as the service's replicas on Swarm; placement applied by a Swarm deploy (a single-engine deploy refuses it); other Swarm-only keys (update_config, labels, …) refused",
  ),
  develop: refused("watch mode (docker compose watch) has no panel equivalent: remove develop"),
  device_cgroup_rules: applied("HostConfig.DeviceCgroupRules (host-reaching: policy)"),
  devices: applied("HostConfig.Devices (host-reaching: policy); CDI names refused: need Engine API 1.45"),
  dns: applied("HostConfig.Dns"),
  dns_opt: applied("HostConfig.DnsOptions"),
  dns_search: applied("HostConfig.DnsSearch"),
  domainname: applied("Config.Domainname"),
  entrypoint: applied("Config.Entrypoint"),
  env_file: applied("Config.Env: the files in order (required, format raw), then `environment`, which wins"),
  environment: applied("Config.Env"),
  expose: applied("Config.ExposedPorts"),
  extends: panel("resolved at load, from this file or another, by the specification's merge rules"),
  external_links: refused("links to containers outside the project: put them on a shared network instead"),
  extra_hosts: applied("HostConfig.ExtraHosts (host:ip)"),
  gpus: applied("HostConfig.DeviceRequests (host-reaching: policy)"),
  group_add: applied("HostConfig.GroupAdd"),
  healthcheck: applied(
    "Config.Healthcheck; the panel also waits on it for readiness (`disable: false` alone, or no test, keeps the image's check)",
  ),
  hostname: applied("Config.Hostname"),
  image: applied("Config.Image (present, pulled or built as pull_policy says: missing by default)"),
  init: applied("HostConfig.Init"),
  ipc: applied("HostConfig.IpcMode (host, container:…: host-reaching)"),
  isolation: applied("HostConfig.Isolation (Linux engines accept only default)"),
  label_file: NOT_READ_YET,
  labels: applied("Config.Labels (the panel adds the com.docker.compose.* labels)"),
  links: refused("legacy links: use depends_on and the service name, which every network resolves"),
  logging: applied("HostConfig.LogConfig"),
  mac_address: applied("Config.MacAddress"),
  mem_limit: applied("HostConfig.Memory (deploy.resources.limits.memory wins)"),
  mem_reservation: applied("HostConfig.MemoryReservation"),
  mem_swappiness: applied("HostConfig.MemorySwappiness"),
  memswap_limit: applied("HostConfig.MemorySwap (-1: unlimited)"),
  models: refused("Docker Model Runner models are not provided by this engine"),
  network_mode: applied("HostConfig.NetworkMode (host, container:…: host-reaching)"),
  networks: applied("NetworkingConfig (aliases, ipv4_address; the service name is always an alias)"),
  oom_kill_disable: applied("HostConfig.OomKillDisable"),
  oom_score_adj: applied("HostConfig.OomScoreAdj"),
  pid: applied("HostConfig.PidMode (host-reaching: policy)"),
  pids_limit: applied("HostConfig.PidsLimit"),
  platform: applied("the create request's platform: the Engine refuses a local image built for another"),
  ports: applied("HostConfig.PortBindings and Config.ExposedPorts (no address: the panel's publish address)"),
  post_start: refused("lifecycle hooks are not run by the panel: move the command into the entrypoint"),
  pre_stop: refused("lifecycle hooks are not run by the panel: handle the stop signal in the service"),
  privileged: applied("HostConfig.Privileged (host-reaching: policy)"),
  profiles: panel(
    "the service is left out unless one of its profiles is chosen in the deploy form (default: the folder's COMPOSE_PROFILES)",
  ),
  provider: refused("provider services (docker compose plugins) are not run by the panel"),
  pull_policy: panel(
    "as Compose: always pulls at every deploy, missing (default) pulls an absent image, never refuses an absent one, build rebuilds at every deploy, daily/weekly/every_<duration> pull once the local tag is older; pulls show per-layer progress",
  ),
  pull_refresh_after: refused("pull_policy refresh is not supported: use every_<duration>"),
  read_only: applied("HostConfig.ReadonlyRootfs"),
  restart: panel("HostConfig.RestartPolicy, set once the run is ready (a failed run is not restarted)"),
  runtime: applied("HostConfig.Runtime"),
  scale: panel(
    "as deploy.replicas: N containers <project>-<service>-1…N on one engine (a value unlike deploy.replicas refused)",
  ),
  secrets: applied("read-only mounts at /run/secrets/<name> or the target, as for configs"),
  security_opt: applied(
    "HostConfig.SecurityOpt; a seccomp profile file (in the topology folder) inlined, systempaths=unconfined as empty MaskedPaths/ReadonlyPaths (host-reaching: policy)",
  ),
  shm_size: applied("HostConfig.ShmSize (bytes)"),
  stdin_open: applied("Config.OpenStdin"),
  stop_grace_period: applied("Config.StopTimeout (seconds)"),
  stop_signal: applied("Config.StopSignal"),
  storage_opt: applied("HostConfig.StorageOpt"),
  sysctls: applied("HostConfig.Sysctls (not namespaced ones: policy)"),
  tmpfs: applied("HostConfig.Tmpfs"),
  tty: applied("Config.Tty"),
  ulimits: applied("HostConfig.Ulimits"),
  use_api_socket: refused("gives the container the Docker engine, which is root on the host: never allowed"),
  user: applied("Config.User"),
  userns_mode: applied("HostConfig.UsernsMode (host-reaching: policy)"),
  uts: applied("HostConfig.UTSMode (host: host-reaching)"),
  volumes: applied(
    "HostConfig.Binds / Mounts / Tmpfs with their options (ro, z/Z, propagation, nocopy, size)",
  ),
  volumes_from: refused("share a named volume between the services instead of volumes_from"),
  working_dir: applied("Config.WorkingDir"),
} as const satisfies Record<string, KeyEntry>;

/** Top-level keys of a compose file. */
export const TOP_LEVEL_KEYS = {
  version: panel("obsolete; ignored, as by docker compose"),
  name: applied("the project name (else the folder's name)"),
  include: panel("the included projects are loaded with their own folders and .env, then merged"),
  services: applied("one container each"),
  models: refused("Docker Model Runner models are not provided by this engine"),
  networks: applied("created per project (see the network keys)"),
  volumes: applied("created per project (see the volume keys)"),
  secrets: panel("definitions: file and environment sources (external refused)"),
  configs: panel("definitions: file, environment and content sources (external refused)"),
} as const satisfies Record<string, KeyEntry>;

/** Keys of a top-level network. */
export const NETWORK_KEYS = {
  name: applied("the Docker network's name (else <project>_<key>)"),
  driver: applied("Driver (host, macvlan, ipvlan: host-reaching)"),
  driver_opts: applied("Options"),
  ipam: applied("IPAM (driver, config: subnet, gateway, ip_range, aux_addresses; options)"),
  external: applied("reused, never created or removed"),
  internal: applied("Internal"),
  enable_ipv4: applied("true is the Engine's default; false (IPv6 only) refused: needs Engine API 1.47"),
  enable_ipv6: applied("EnableIPv6"),
  attachable: applied("Attachable"),
  labels: applied("Labels"),
} as const satisfies Record<string, KeyEntry>;

/** Keys of a top-level volume. */
export const VOLUME_KEYS = {
  name: applied("the Docker volume's name (else <project>_<key>)"),
  driver: applied("Driver"),
  driver_opts: applied("DriverOpts"),
  external: applied("reused, never created or removed"),
  labels: applied("Labels"),
} as const satisfies Record<string, KeyEntry>;

export type ServiceKey = keyof typeof SERVICE_KEYS;

/** The tables by section, in the order the docs list them. */
export const KEY_TABLES = [
  { section: "Top-level keys", prefix: "", keys: TOP_LEVEL_KEYS },
  { section: "Service keys", prefix: "services.<name>.", keys: SERVICE_KEYS },
  { section: "Network keys", prefix: "networks.<name>.", keys: NETWORK_KEYS },
  { section: "Volume keys", prefix: "volumes.<name>.", keys: VOLUME_KEYS },
] as const;
