// A Topology service → the Engine's container-create body. Pure, so every mapping is unit tested.
import type Docker from "dockerode";
import type { Service, Topology } from "@/lib/compose/types";
import { COMPOSE_VERSION_LABEL, LABEL, configHash } from "./labels";

export type ContainerSpecOptions = {
  service: Service;
  topology: Pick<Topology, "project" | "file" | "dir" | "networks" | "volumes">;
  runId: string;
};

export type ContainerSpec = {
  name: string;
  create: Docker.ContainerCreateOptions;
  /** Networks joined after create, before start (the Engine takes one at create before API 1.44). */
  extraNetworks: { dockerName: string; aliases: string[]; ipv4Address: string | null }[];
};

const MS_TO_NS = 1_000_000;

/** The container name Compose would give: `container_name`, else `<project>-<service>-1`. */
export const containerNameOf = ({ service, project }: { service: Service; project: string }): string =>
  service.containerName ?? `${project}-${service.name}-1`;

/** The health-check test as the Engine stores it, with durations in nanoseconds. */
export const engineHealthcheck = (service: Service): Docker.HealthConfig | undefined => {
  const check = service.healthcheck;
  if (!check) return undefined;
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
    ...(access.securityOpt.length > 0 ? { SecurityOpt: access.securityOpt } : {}),
    ...(Object.keys(access.sysctls).length > 0 ? { Sysctls: access.sysctls } : {}),
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
    [LABEL.service]: service.name,
    [LABEL.containerNumber]: "1",
    [LABEL.oneoff]: "False",
    [LABEL.configHash]: configHash(hashed),
    [LABEL.configFiles]: topology.file,
    [LABEL.workingDir]: topology.dir,
    [LABEL.version]: COMPOSE_VERSION_LABEL,
    [LABEL.runId]: runId,
    [LABEL.restartPolicy]: service.restart,
    [LABEL.managed]: "true",
    [LABEL.dependsOn]: service.dependsOn.map((dependency) => dependency.service).join(","),
  };
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const port of service.ports) {
    const key = `${port.containerPort}/${port.protocol}`;
    exposed[key] = {};
    bindings[key] = [
      ...(bindings[key] ?? []),
      { HostIp: port.hostIp, HostPort: port.hostPort === null ? "" : String(port.hostPort) },
    ];
  }
  const binds: string[] = [];
  const anonymous: Record<string, object> = {};
  const tmpfs: Record<string, string> = {};
  for (const mount of service.volumes) {
    const mode = mount.readOnly ? ":ro" : "";
    if (mount.type === "bind") binds.push(`${mount.source}:${mount.target}${mode}`);
    else if (mount.type === "tmpfs") tmpfs[mount.target] = "";
    else if (mount.source === null) anonymous[mount.target] = {};
    else binds.push(`${dockerVolumeName(topology, mount.source)}:${mount.target}${mode}`);
  }
  const networks = service.networks.map((network) => ({
    dockerName: dockerNetworkName(topology, network.name),
    aliases: network.aliases,
    ipv4Address: network.ipv4Address,
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
    ...(Object.keys(anonymous).length > 0 ? { Volumes: anonymous } : {}),
    ExposedPorts: exposed,
    Healthcheck: engineHealthcheck(service),
    // Docker keeps them with the container, so every stop (the panel's, `docker stop`) honours them.
    ...(service.stopGracePeriodMs !== undefined
      ? { StopTimeout: Math.ceil(service.stopGracePeriodMs / 1000) }
      : {}),
    ...(service.stopSignal !== undefined ? { StopSignal: service.stopSignal } : {}),
    HostConfig: {
      ...(cpusLimit !== null ? { NanoCpus: Math.round(cpusLimit * 1e9) } : {}),
      ...(memoryLimitBytes !== null ? { Memory: memoryLimitBytes } : {}),
      ...(memoryReservationBytes !== null ? { MemoryReservation: memoryReservationBytes } : {}),
      // "no" until the run is ready (applyRestartPolicies): a failed run's containers must not be
      // brought back by the engine while its cleanup waits for a restarted dockerd.
      RestartPolicy: { Name: "no", MaximumRetryCount: 0 },
      PortBindings: bindings,
      Binds: binds,
      ...(Object.keys(tmpfs).length > 0 ? { Tmpfs: tmpfs } : {}),
      NetworkMode: service.networkMode ?? first?.dockerName ?? "default",
      ...hostAccessConfig(service),
    },
    ...(first
      ? {
          NetworkingConfig: {
            EndpointsConfig: {
              [first.dockerName]: {
                Aliases: first.aliases,
                ...(first.ipv4Address ? { IPAMConfig: { IPv4Address: first.ipv4Address } } : {}),
              },
            },
          },
        }
      : {}),
  };
  return { name, create, extraNetworks };
};
