// For tests: one schema-valid value of every service key, so a test can load a service carrying
// it and check the registry's promise (applied: the container differs; refused: the file does
// not load). Typed over the registry: a new key cannot be added without a sample. Samples that
// name files (env_file, extends, secrets, configs) find them in fixtures/keys/, where the sample
// file is taken to live; secrets and configs come with the top-level definitions they grant.
import { fileURLToPath } from "node:url";
import type { ServiceKey } from "./service-keys";

/** Where a sample document is loaded from: the folder holds the files the samples name. */
export const KEY_SAMPLE_FILE = fileURLToPath(new URL("./fixtures/keys/docker-compose.yml", import.meta.url));

/** Top-level definitions a service key's sample refers to. */
const SAMPLE_DEFINITIONS: Partial<Record<ServiceKey, Record<string, unknown>>> = {
  secrets: { secrets: { token: { file: "./token.txt" } } },
  configs: { configs: { app_config: { file: "./app.conf" } } },
};

/**
 * A document with one service "app" (busybox unless `service` says otherwise) carrying `service`'s
 * keys, plus the top-level definitions those keys' samples need and `top` (which wins).
 */
export const sampleDocument = (
  service: Record<string, unknown>,
  top: Record<string, unknown> = {},
): Record<string, unknown> => {
  const definitions = Object.keys(service).map((key) => SAMPLE_DEFINITIONS[key as ServiceKey] ?? {});
  return {
    services: { app: { image: "busybox", ...service } },
    ...Object.assign({}, ...definitions),
    ...top,
  };
};

export const SERVICE_KEY_SAMPLES: Record<ServiceKey, unknown> = {
  annotations: { "org.example": "a" },
  attach: false,
  blkio_config: { weight: 300, device_read_bps: [{ path: "/dev/sda", rate: "1mb" }] },
  build: ".",
  cap_add: ["NET_ADMIN"],
  cap_drop: ["MKNOD"],
  cgroup: "private",
  cgroup_parent: "/mine",
  command: "sleep 1",
  configs: ["app_config"],
  container_name: "mine",
  cpu_count: 2,
  cpu_percent: 50,
  cpu_period: 100000,
  cpu_quota: 50000,
  cpu_rt_period: "1400us",
  cpu_rt_runtime: 950,
  cpu_shares: 512,
  cpus: 0.5,
  cpuset: "0",
  credential_spec: { file: "spec.json" },
  depends_on: [],
  deploy: { resources: { limits: { pids: 50 } } },
  develop: { watch: [{ path: "./src", action: "sync", target: "/src" }] },
  device_cgroup_rules: ["c 1:3 mr"],
  devices: ["/dev/null:/dev/xnull"],
  dns: "8.8.8.8",
  dns_opt: ["use-vc"],
  dns_search: "example.com",
  domainname: "example.com",
  entrypoint: ["sh"],
  env_file: "app.env",
  environment: { A: "b" },
  expose: ["3000"],
  extends: { file: "base.yaml", service: "base" },
  external_links: ["db:database"],
  extra_hosts: ["host.example:10.0.0.1"],
  gpus: "all",
  group_add: ["audio"],
  healthcheck: { test: "true" },
  hostname: "h",
  image: "other:1",
  init: true,
  ipc: "shareable",
  isolation: "default",
  label_file: "labels.env",
  labels: { a: "b" },
  links: ["db"],
  logging: { driver: "json-file", options: { "max-size": "1m" } },
  mac_address: "02:42:ac:11:00:02",
  mem_limit: "64m",
  mem_reservation: "32m",
  mem_swappiness: 10,
  memswap_limit: "128m",
  models: ["llm"],
  network_mode: "none",
  networks: { default: { aliases: ["extra"] } },
  oom_kill_disable: true,
  oom_score_adj: 100,
  pid: "host",
  pids_limit: 50,
  platform: "linux/amd64",
  ports: ["8080:80"],
  post_start: [{ command: "true" }],
  pre_stop: [{ command: "true" }],
  privileged: true,
  profiles: ["debug"],
  provider: { type: "model" },
  pull_policy: "missing",
  pull_refresh_after: "1h",
  read_only: true,
  restart: "always",
  runtime: "runc",
  scale: 1,
  secrets: ["token"],
  security_opt: ["no-new-privileges:true"],
  shm_size: "64m",
  stdin_open: true,
  stop_grace_period: "20s",
  stop_signal: "SIGINT",
  storage_opt: { size: "1G" },
  sysctls: { "net.core.somaxconn": 1024 },
  tmpfs: "/run",
  tty: true,
  ulimits: { nofile: 1024 },
  use_api_socket: true,
  user: "1000:1000",
  userns_mode: "host",
  uts: "host",
  volumes: ["./d:/d:ro,z"],
  volumes_from: ["other"],
  working_dir: "/w",
};
