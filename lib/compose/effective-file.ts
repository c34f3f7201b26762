// The compose file a run really deployed: the normalized Topology (interpolated, fitted, overridden)
// written back as YAML that docker-compose 1.29 and Compose v2 accept, so `docker-compose -p
// <project> -f effective.yml --env-file <secrets> up -d` creates the same containers. Pure. The few
// keys 1.29 predates (cgroup, bind.create_host_path, tmpfs.mode) are written for Compose v2.
import { stringify } from "yaml";
import { GENERATED_SECTIONS, generatedDefinitions, generatedGrants } from "./effective-generated-files";
import { mountEntry, runtimeKeysOf } from "./effective-keys";
import { containerNameOf } from "./project-name";
import type { Service, Topology } from "./types";

export type EffectiveFileOptions = {
  topology: Pick<Topology, "project" | "services" | "networks" | "volumes">;
  /** Variables left as `${NAME}` references (masked secrets); every other `$` is escaped as `$$`. */
  masked?: string[];
  /** Comment lines at the top (which run, strategy, fit). */
  header?: string[];
};

const escapeDollars = (text: string, keep: Set<string>): string =>
  text.replace(
    /\$(\{([A-Za-z_][A-Za-z0-9_]*)\})?/g,
    (whole, braced: string | undefined, name: string | undefined) =>
      braced && name && keep.has(name) ? whole : `$${whole}`,
  );

const escapeAll = (value: unknown, keep: Set<string>): unknown => {
  if (typeof value === "string") return escapeDollars(value, keep);
  if (Array.isArray(value)) return value.map((item) => escapeAll(item, keep));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeAll(v, keep)]));
  return value;
};

/** Milliseconds as a compose duration ("250ms"). */
const duration = (ms: number): string => `${Math.round(ms)}ms`;

const portText = ({ hostIp, hostPort, containerPort, protocol }: Service["ports"][number]): string =>
  `${hostIp ? `${hostIp}:` : ""}${hostPort ?? ""}${hostIp || hostPort !== null ? ":" : ""}${containerPort}/${protocol}`;

const serviceOf = (service: Service, topology: EffectiveFileOptions["topology"]): Record<string, unknown> => {
  const out: Record<string, unknown> = {
    image: service.image,
    // Always named: the panel names containers as Compose v2 does, 1.29 would use underscores.
    container_name: containerNameOf({ service, project: topology.project }),
  };
  if (service.entrypoint) out.entrypoint = service.entrypoint;
  if (service.command) out.command = service.command;
  if (service.workingDir) out.working_dir = service.workingDir;
  if (Object.keys(service.environment).length > 0) out.environment = service.environment;
  if (service.ports.length > 0) out.ports = service.ports.map(portText);
  if (service.volumes.length > 0) out.volumes = service.volumes.map(mountEntry);
  if (service.networkMode) out.network_mode = service.networkMode;
  else if (service.networks.length > 0)
    out.networks = Object.fromEntries(
      service.networks.map((n) => [
        n.name,
        {
          aliases: n.aliases,
          ...(n.ipv4Address ? { ipv4_address: n.ipv4Address } : {}),
          ...(n.ipv6Address ? { ipv6_address: n.ipv6Address } : {}),
          ...(n.linkLocalIps ? { link_local_ips: n.linkLocalIps } : {}),
          ...(n.driverOpts ? { driver_opts: n.driverOpts } : {}),
        },
      ]),
    );
  if (service.dependsOn.length > 0)
    out.depends_on = Object.fromEntries(
      service.dependsOn.map((d) => [d.service, { condition: d.condition }]),
    );
  const check = service.healthcheck;
  // No check in the file leaves the image's own (as the panel's create does); `disable` switches it off.
  // An empty test inherits the image's: written out, docker-compose config would refuse `test: []`.
  if (check)
    out.healthcheck = {
      ...(check.test.length > 0 ? { test: check.test } : {}),
      interval: duration(check.intervalMs),
      timeout: duration(check.timeoutMs),
      retries: check.retries,
      start_period: duration(check.startPeriodMs),
    };
  else if (service.healthcheckDisabled) out.healthcheck = { disable: true };
  const { cpusLimit, memoryLimitBytes, memoryReservationBytes } = service.resources;
  // Service-level keys: docker-compose 1.29 applies them without --compatibility (deploy: is Swarm's).
  if (cpusLimit !== null) out.cpus = cpusLimit;
  if (memoryLimitBytes !== null) out.mem_limit = memoryLimitBytes;
  if (memoryReservationBytes !== null) out.mem_reservation = memoryReservationBytes;
  if (service.restart !== "no")
    out.restart =
      service.restartMaxRetries === undefined
        ? service.restart
        : `${service.restart}:${service.restartMaxRetries}`;
  if (Object.keys(service.labels).length > 0) out.labels = service.labels;
  return { ...out, ...runtimeKeysOf(service) };
};

/** The topology as a compose file (YAML text). */
export const effectiveComposeFile = ({
  topology,
  masked = [],
  header = [],
}: EffectiveFileOptions): string => {
  const networks = Object.fromEntries(
    topology.networks.map((n) => [
      n.name,
      n.external
        ? { external: true, name: n.dockerName }
        : {
            name: n.dockerName,
            driver: n.driver,
            ...(n.internal ? { internal: true } : {}),
            ...(Object.keys(n.driverOpts).length > 0 ? { driver_opts: n.driverOpts } : {}),
            ...(n.subnets.length > 0
              ? {
                  ipam: {
                    config: n.subnets.map((s) => ({
                      subnet: s.subnet,
                      ...(s.gateway ? { gateway: s.gateway } : {}),
                    })),
                  },
                }
              : {}),
            ...(Object.keys(n.labels).length > 0 ? { labels: n.labels } : {}),
          },
    ]),
  );
  const volumes = Object.fromEntries(
    topology.volumes.map((v) => [
      v.name,
      v.external ? { external: true, name: v.dockerName } : { name: v.dockerName, driver: v.driver },
    ]),
  );
  const document = {
    services: Object.fromEntries(topology.services.map((s) => [s.name, serviceOf(s, topology)])),
    ...(topology.networks.length > 0 ? { networks } : {}),
    ...(topology.volumes.length > 0 ? { volumes } : {}),
    ...generatedDefinitions(topology.services),
  };
  const escaped = escapeAll(document, new Set(masked)) as {
    services: Record<string, Record<string, unknown>>;
  };
  // Grants after escaping: their modes are octal YAML scalars, which escapeAll would take apart.
  for (const service of topology.services)
    for (const kind of ["secret", "config"] as const) {
      const grants = generatedGrants(service, kind);
      const out = escaped.services[service.name];
      if (grants.length > 0 && out) out[GENERATED_SECTIONS[kind]] = grants;
    }
  const body = stringify(escaped, { lineWidth: 0, version: "1.1" });
  const comments = header.map((line) => `# ${line}\n`).join("");
  return `${comments}${body}`;
};
