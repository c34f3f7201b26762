// A Topology service → the Engine's container-create body. Pure, so every mapping is unit tested.
import type Docker from "dockerode";
import { containerNameOf } from "@/lib/compose/project-name";
import type { Service, ServiceNetwork, Topology } from "@/lib/compose/types";
import { COMPOSE_VERSION_LABEL, LABEL, configHash } from "./labels";
import { mountConfig } from "./mount-config";
import { hostAccessExtras, runtimeContainerConfig, runtimeHostConfig } from "./runtime-config";

export type ContainerSpecOptions = {
  service: Service;
  topology: Pick<Topology, "project" | "file" | "dir" | "networks" | "volumes">;
  runId: string;
};

export type ContainerSpec = {
  name: string;
  create: Docker.ContainerCreateOptions;
  /** Networks joined after create, before start (the Engine takes one at create before API 1.44). */
  extraNetworks: SpecNetwork[];
};

/** A network the container joins, with what its endpoint asks for. */
export type SpecNetwork = Pick<
  ServiceNetwork,
  "aliases" | "ipv4Address" | "ipv6Address" | "linkLocalIps" | "driverOpts"
> & {
  dockerName: string;
};

/** The Engine's EndpointSettings for one network: aliases, fixed addresses, driver options. */
export const endpointSettings = (network: SpecNetwork): Docker.EndpointSettings => {
  const ipam = {
    ...(network.ipv4Address ? { IPv4Address: network.ipv4Address } : {}),
    ...(network.ipv6Address ? { IPv6Address: network.ipv6Address } : {}),
    ...(network.linkLocalIps ? { LinkLocalIPs: network.linkLocalIps } : {}),
  };
  return {
    Aliases: network.aliases,
    ...(Object.keys(ipam).length > 0 ? { IPAMConfig: ipam } : {}),
    ...(network.driverOpts ? { DriverOpts: network.driverOpts } : {}),
  };
};

const MS_TO_NS = 1_000_000;

export { containerNameOf };

/** The health-check test as the Engine stores it, with durations in nanoseconds. */
export const engineHealthcheck = (service: Service): Docker.HealthConfig | undefined => {
  const check = service.healthcheck;
  // Test ["NONE"] switches off the image's own HEALTHCHECK too, as Compose does for `disable: true`.
  if (!check) return service.healthcheckDisabled ? { Test: ["NONE"] } : undefined;
  return {
    Test: check.test,
    Interval: check.intervalMs * MS_TO_NS,
    Timeout: check.timeoutMs * MS_TO_NS,
    Retries: check.retries,
    StartPeriod: check.startPeriodMs * MS_TO_NS,
  };
};

const dockerNetworkName = (topology: ContainerSpecOptions["topology"], name: string): string =>
  topology.networks.find((network) => network.name === name)?.dockerName ?? name;

const dockerVolumeName = (topology: ContainerSpecOptions["topology"], name: string): string =>
  topology.volumes.find((volume) => volume.name === name)?.dockerName ?? name;

/**
 * The host-reaching options the deploy policy let through (lib/operations/policy.ts refuses them
 * before a deploy unless an admin approved them for this version of the file), as HostConfig.
 */
export const hostAccessConfig = (service: Service): Docker.HostConfig => {
  const access = service.hostAccess;
  if (!access) return {};
  const devices = access.devices.map((device) => {
    const [host = "", container = host, permissions = "rwm"] = device.split(":");
    return { PathOnHost: host, PathInContainer: container, CgroupPermissions: permissions };
  });
  return {
    ...(access.privileged ? { Privileged: true } : {}),
    ...(access.pidMode ? { PidMode: access.pidMode } : {}),
    ...(access.ipcMode ? { IpcMode: access.ipcMode } : {}),
    ...(access.usernsMode ? { UsernsMode: access.usernsMode } : {}),
    ...(access.capAdd.length > 0 ? { CapAdd: access.capAdd } : {}),
    ...(devices.length > 0 ? { Devices: devices } : {}),
    ...(access.securityOpt.length > 0 ? { SecurityOpt: access.securityOptEngine ?? access.securityOpt } : {}),
    ...(Object.keys(access.sysctls).length > 0 ? { Sysctls: access.sysctls } : {}),
    ...hostAccessExtras(access),
  };
};

/** Everything needed to create a service's container: names, labels, limits, ports, mounts, networks. */
export const containerSpec = ({ service, topology, runId }: ContainerSpecOptions): ContainerSpec => {
  const name = containerNameOf({ service, project: topology.project });
  // The file line is where the service sits, not what it is: it must not change the hash.
  const hashed: Omit<Service, "line"> & { line?: number } = { ...service };
  delete hashed.line;
  const labels: Record<string, string> = {
    ...service.labels,
    [LABEL.project]: topology.project,
    // A replica carries the file's service and its number, as Compose v2 labels it, and its own name.
    [LABEL.service]: service.replica?.service ?? service.name,
    [LABEL.containerNumber]: String(service.replica?.number ?? 1),
    ...(service.replica ? { [LABEL.replica]: service.name } : {}),
    [LABEL.oneoff]: "False",
    [LABEL.configHash]: configHash(hashed),
    [LABEL.configFiles]: topology.file,
    [LABEL.workingDir]: topology.dir,
    [LABEL.version]: COMPOSE_VERSION_LABEL,
    [LABEL.runId]: runId,
    [LABEL.restartPolicy]:
      service.restartMaxRetries === undefined
        ? service.restart
        : `${service.restart}:${service.restartMaxRetries}`,
    [LABEL.managed]: "true",
    [LABEL.dependsOn]: service.dependsOn.map((dependency) => dependency.service).join(","),
  };
  // `expose` first: a published port of the same number keeps one entry.
  const exposed: Record<string, object> = Object.fromEntries(
    (service.runtime?.expose ?? []).map((port) => [port, {}]),
  );
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const port of service.ports) {
    const key = `${port.containerPort}/${port.protocol}`;
    exposed[key] = {};
    bindings[key] = [
      ...(bindings[key] ?? []),
      { HostIp: port.hostIp, HostPort: port.hostPort === null ? "" : String(port.hostPort) },
    ];
  }
  const mounts = mountConfig({
    volumes: service.volumes,
    volumeName: (volume) => dockerVolumeName(topology, volume),
  });
  // The file's tmpfs key and tmpfs mounts share one field, as in Compose.
  const tmpfs = { ...(service.runtime?.tmpfs ?? {}), ...mounts.tmpfs };
  const networks = service.networks.map(({ name: network, ...endpoint }): SpecNetwork => ({
    dockerName: dockerNetworkName(topology, network),
    ...endpoint,
  }));
  const [first, ...extraNetworks] = networks;
  const { cpusLimit, memoryLimitBytes, memoryReservationBytes } = service.resources;
  const create: Docker.ContainerCreateOptions = {
    name,
    Image: service.image,
    Labels: labels,
    Env: Object.entries(service.environment).map(([key, value]) => `${key}=${value}`),
    ...(service.command ? { Cmd: service.command } : {}),
    ...(service.entrypoint ? { Entrypoint: service.entrypoint } : {}),
    ...(service.workingDir ? { WorkingDir: service.workingDir } : {}),
    ...(Object.keys(mounts.anonymous).length > 0 ? { Volumes: mounts.anonymous } : {}),
    ...runtimeContainerConfig(service.runtime),
    ExposedPorts: exposed,
    Healthcheck: engineHealthcheck(service),
    HostConfig: {
      ...(cpusLimit !== null ? { NanoCpus: Math.round(cpusLimit * 1e9) } : {}),
      ...(memoryLimitBytes !== null ? { Memory: memoryLimitBytes } : {}),
      ...(memoryReservationBytes !== null ? { MemoryReservation: memoryReservationBytes } : {}),
      // "no" until the run is ready (applyRestartPolicies): a failed run's containers must not be
      // brought back by the engine while its cleanup waits for a restarted dockerd.
      RestartPolicy: { Name: "no", MaximumRetryCount: 0 },
      PortBindings: bindings,
      Binds: mounts.binds,
      ...(mounts.mounts.length > 0 ? { Mounts: mounts.mounts } : {}),
      ...runtimeHostConfig(service.runtime),
      ...(Object.keys(tmpfs).length > 0 ? { Tmpfs: tmpfs } : {}),
      NetworkMode: service.networkMode ?? first?.dockerName ?? "default",
      ...hostAccessConfig(service),
    },
    ...(first
      ? {
          NetworkingConfig: {
            EndpointsConfig: { [first.dockerName]: endpointSettings(first) },
          },
        }
      : {}),
  };
  return { name, create, extraNetworks };
};
