import { describe, expect, it } from "vitest";
import { fixtureService, fixtureTopology } from "@/test/fixtures/fixture-topology";
import { containerSpec } from "./container-spec";
import { LABEL } from "./labels";

const MIB = 1024 ** 2;
const topology = fixtureTopology({
  project: "proj",
  dir: "/srv/proj",
  networks: [
    {
      name: "front",
      dockerName: "proj_front",
      driver: "bridge",
      external: false,
      internal: false,
      subnets: [],
      driverOpts: {},
      labels: {},
    },
    {
      name: "back",
      dockerName: "proj_back",
      driver: "bridge",
      external: false,
      internal: false,
      subnets: [],
      driverOpts: {},
      labels: {},
    },
  ],
  volumes: [{ name: "data", dockerName: "proj_data", driver: "local", external: false }],
  services: [],
});

const service = fixtureService({
  name: "node",
  containerName: "node-optimized",
  command: ["serve", "--port", "8080"],
  entrypoint: ["/entry"],
  environment: { A: "1", B: "two words" },
  ports: [
    { hostIp: "127.0.0.1", hostPort: 8080, containerPort: 8080, protocol: "tcp" },
    { hostIp: "0.0.0.0", hostPort: null, containerPort: 53, protocol: "udp" },
  ],
  volumes: [
    { type: "bind", source: "/srv/proj/conf/app.conf", target: "/etc/app.conf", readOnly: true },
    { type: "volume", source: "data", target: "/data", readOnly: false },
    { type: "volume", source: null, target: "/cache", readOnly: false },
    { type: "tmpfs", source: null, target: "/run", readOnly: false },
  ],
  networks: [
    { name: "front", aliases: ["node", "leader"], ipv4Address: "172.21.0.10" },
    { name: "back", aliases: ["node"], ipv4Address: null },
  ],
  resources: {
    cpusLimit: 1.5,
    memoryLimitBytes: 512 * MIB,
    cpusReservation: 1,
    memoryReservationBytes: 256 * MIB,
  },
  restart: "unless-stopped",
  workingDir: "/app",
  labels: { "org.example": "yes" },
});

describe("containerSpec", () => {
  const spec = containerSpec({ service, topology, runId: "run-1" });

  it("names the container by container_name, else <project>-<service>-1", () => {
    expect(spec.name).toBe("node-optimized");
    expect(containerSpec({ service: { ...service, containerName: null }, topology, runId: "r" }).name).toBe(
      "proj-node-1",
    );
  });

  it("maps limits to NanoCpus, Memory and MemoryReservation, and health durations to ns", () => {
    expect(spec.create.HostConfig).toMatchObject({
      NanoCpus: 1_500_000_000,
      Memory: 512 * MIB,
      MemoryReservation: 256 * MIB,
    });
    expect(spec.create.Healthcheck).toEqual({
      Test: service.healthcheck?.test,
      Interval: 1e9,
      Timeout: 1e9,
      Retries: 3,
      StartPeriod: 2e9,
    });
    // Created without a restart policy; the file's is kept in a label and applied once the run is ready.
    expect(spec.create.HostConfig?.RestartPolicy).toEqual({ Name: "no", MaximumRetryCount: 0 });
    expect(spec.create.Labels?.[LABEL.restartPolicy]).toBe("unless-stopped");
  });

  it("sets the compose labels, ours and the service's own", () => {
    expect(spec.create.Labels).toMatchObject({
      [LABEL.project]: "proj",
      [LABEL.service]: "node",
      [LABEL.containerNumber]: "1",
      [LABEL.oneoff]: "False",
      [LABEL.configFiles]: "/srv/proj/docker-compose.yml",
      [LABEL.workingDir]: "/srv/proj",
      [LABEL.runId]: "run-1",
      [LABEL.managed]: "true",
      "org.example": "yes",
    });
  });

  it("hashes the configuration, not the line it sits on", () => {
    const hash = (s: typeof service) =>
      containerSpec({ service: s, topology, runId: "x" }).create.Labels?.[LABEL.configHash];
    expect(hash({ ...service, line: 99 })).toBe(hash(service));
    expect(hash({ ...service, environment: { A: "2" } })).not.toBe(hash(service));
  });

  it("publishes ports with their host address, env, command, entrypoint and working dir", () => {
    expect(spec.create.ExposedPorts).toEqual({ "8080/tcp": {}, "53/udp": {} });
    expect(spec.create.HostConfig?.PortBindings).toEqual({
      "8080/tcp": [{ HostIp: "127.0.0.1", HostPort: "8080" }],
      "53/udp": [{ HostIp: "0.0.0.0", HostPort: "" }],
    });
    expect(spec.create.Env).toEqual(["A=1", "B=two words"]);
    expect(spec.create).toMatchObject({
      Cmd: ["serve", "--port", "8080"],
      Entrypoint: ["/entry"],
      WorkingDir: "/app",
    });
  });

  it("mounts binds read-only, named volumes by Docker name, anonymous volumes and tmpfs", () => {
    expect(spec.create.HostConfig?.Binds).toEqual([
      "/srv/proj/conf/app.conf:/etc/app.conf:ro",
      "proj_data:/data",
    ]);
    expect(spec.create.Volumes).toEqual({ "/cache": {} });
    expect(spec.create.HostConfig?.Tmpfs).toEqual({ "/run": "" });
  });

  it("creates on the first network with its aliases and address, and joins the others afterwards", () => {
    expect(spec.create.HostConfig?.NetworkMode).toBe("proj_front");
    expect(spec.create.NetworkingConfig?.EndpointsConfig).toEqual({
      proj_front: { Aliases: ["node", "leader"], IPAMConfig: { IPv4Address: "172.21.0.10" } },
    });
    expect(spec.extraNetworks).toEqual([{ dockerName: "proj_back", aliases: ["node"], ipv4Address: null }]);
  });

  it("leaves limits and the health check out when the topology has none", () => {
    const bare = containerSpec({
      service: {
        ...service,
        healthcheck: null,
        resources: {
          cpusLimit: null,
          memoryLimitBytes: null,
          cpusReservation: null,
          memoryReservationBytes: null,
        },
      },
      topology,
      runId: "r",
    });
    expect(bare.create.Healthcheck).toBeUndefined();
    expect(bare.create.HostConfig).not.toHaveProperty("NanoCpus");
    expect(bare.create.HostConfig).not.toHaveProperty("Memory");
  });

  it("switches the image's own health check off when the file disables it (Test NONE, as Compose)", () => {
    const disabled = containerSpec({
      service: { ...service, healthcheck: null, healthcheckDisabled: true },
      topology,
      runId: "r",
    });
    expect(disabled.create.Healthcheck).toEqual({ Test: ["NONE"] });
  });

  it("passes the host access the deploy policy let through, and nothing when there is none", () => {
    const granted = containerSpec({
      service: {
        ...service,
        hostAccess: {
          privileged: true,
          pidMode: "host",
          ipcMode: "private",
          usernsMode: "host",
          capAdd: ["NET_ADMIN"],
          devices: ["/dev/fuse", "/dev/sda:/dev/xvda:r"],
          securityOpt: ["seccomp:unconfined"],
          sysctls: { "net.core.somaxconn": "1024" },
        },
      },
      topology,
      runId: "r",
    });
    expect(granted.create.HostConfig).toMatchObject({
      Privileged: true,
      PidMode: "host",
      IpcMode: "private",
      UsernsMode: "host",
      CapAdd: ["NET_ADMIN"],
      Devices: [
        { PathOnHost: "/dev/fuse", PathInContainer: "/dev/fuse", CgroupPermissions: "rwm" },
        { PathOnHost: "/dev/sda", PathInContainer: "/dev/xvda", CgroupPermissions: "r" },
      ],
      SecurityOpt: ["seccomp:unconfined"],
      Sysctls: { "net.core.somaxconn": "1024" },
    });
    const plain = containerSpec({ service, topology, runId: "r" }).create.HostConfig;
    for (const key of ["Privileged", "PidMode", "CapAdd", "Devices", "SecurityOpt", "Sysctls"])
      expect(plain).not.toHaveProperty(key);
  });
});
