// Every key the registry marks "applied" changes the container-create body, and the keys the
// issue names land in the Engine fields docker compose fills, with its values.
import { mkdirSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { KEY_SAMPLE_FILE, SERVICE_KEY_SAMPLES, sampleDocument } from "@/lib/compose/key-samples";
import { loadTopology } from "@/lib/compose/load-topology";
import { SERVICE_KEYS } from "@/lib/compose/service-keys";
import type { Topology } from "@/lib/compose/types";
import { containerSpec } from "./container-spec";
import { LABEL } from "./labels";

const topologyOf = async (
  service: Record<string, unknown>,
  extra: Record<string, unknown> = {},
  file = "/tmp/cmpkeys/docker-compose.yml",
): Promise<Topology> => {
  const text = stringify(sampleDocument(service, extra));
  const result = await loadTopology({ text, file, env: {}, folderEnv: false });
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join("\n"));
  return result.topology;
};

/** The create body without the config-hash label (which changes with any field). */
const createBody = (topology: Topology) => {
  const service = topology.services[0];
  if (!service) throw new Error("no service");
  const { create } = containerSpec({ service, topology, runId: "run" });
  const labels = { ...create.Labels };
  delete labels[LABEL.configHash];
  return { ...create, Labels: labels };
};

describe("applied keys reach the container", async () => {
  // Loaded beside the files the samples name (env_file, secrets, configs).
  const base = createBody(await topologyOf({}, {}, KEY_SAMPLE_FILE));
  const applied = Object.entries(SERVICE_KEYS).filter(([, entry]) => entry.status === "applied");
  it.each(applied.map(([key]) => [key]))("%s changes the create body", async (key) => {
    const sample = SERVICE_KEY_SAMPLES[key as keyof typeof SERVICE_KEYS];
    expect(createBody(await topologyOf({ [key]: sample }, {}, KEY_SAMPLE_FILE))).not.toEqual(base);
  });

  it("maps user, shm_size, cap_add/cap_drop, tmpfs, ulimits, extra_hosts and expose as docker compose does", async () => {
    const body = createBody(
      await topologyOf({
        user: "1000:1000",
        shm_size: "64m",
        cap_add: ["NET_ADMIN"],
        cap_drop: ["MKNOD"],
        tmpfs: ["/run:size=1m,mode=1777", "/cache"],
        ulimits: { nofile: { soft: 1024, hard: 2048 }, nproc: 512 },
        extra_hosts: ["db.example:10.0.0.5", "v6.example=[::1]"],
        expose: ["3000", "4000-4001/udp"],
        ports: ["127.0.0.1:8080:3000"],
        stop_grace_period: "1m30s",
        init: true,
      }),
    );
    expect(body.User).toBe("1000:1000");
    expect(body.StopTimeout).toBe(90);
    expect(body.ExposedPorts).toEqual({ "3000/tcp": {}, "4000/udp": {}, "4001/udp": {} });
    expect(body.HostConfig).toMatchObject({
      ShmSize: 64 * 1024 * 1024,
      CapAdd: ["NET_ADMIN"],
      CapDrop: ["MKNOD"],
      Tmpfs: { "/run": "size=1m,mode=1777", "/cache": "" },
      Ulimits: [
        { Name: "nofile", Soft: 1024, Hard: 2048 },
        { Name: "nproc", Soft: 512, Hard: 512 },
      ],
      ExtraHosts: ["db.example:10.0.0.5", "v6.example:::1"],
      Init: true,
    });
  });

  it("keeps mount flags: :ro,z, propagation, nocopy, tmpfs size and mode, a bind that must exist", async () => {
    const body = createBody(
      await topologyOf(
        {
          volumes: [
            "./conf:/conf:ro,z",
            "./shared:/shared:rshared,Z",
            "data:/data:nocopy",
            { type: "bind", source: "./must", target: "/must", bind: { create_host_path: false } },
            { type: "bind", source: "./p", target: "/p", bind: { propagation: "rslave", selinux: "z" } },
            { type: "tmpfs", target: "/scratch", tmpfs: { size: "2m", mode: 1023 } },
            { type: "volume", target: "/anon", volume: { nocopy: true } },
          ],
        },
        { volumes: { data: {} } },
      ),
    );
    expect(body.HostConfig?.Binds).toEqual([
      "/tmp/cmpkeys/conf:/conf:ro,z",
      "/tmp/cmpkeys/shared:/shared:Z,rshared",
      "cmpkeys_data:/data:nocopy",
      "/tmp/cmpkeys/p:/p:z,rslave",
    ]);
    expect(body.HostConfig?.Mounts).toEqual([
      { Type: "bind", Source: "/tmp/cmpkeys/must", Target: "/must", ReadOnly: false },
      expect.objectContaining({
        Type: "volume",
        Target: "/anon",
        VolumeOptions: expect.objectContaining({ NoCopy: true }),
      }),
    ]);
    expect(body.HostConfig?.Tmpfs).toEqual({ "/scratch": "size=2097152,mode=1777" });
  });

  it("joins networks by priority with their fixed addresses and endpoint options", async () => {
    const spec = containerSpec({
      ...(await (async () => {
        const topology = await topologyOf(
          {
            networks: {
              low: { ipv4_address: "10.9.0.5" },
              high: {
                priority: 10,
                ipv6_address: "fd00::5",
                link_local_ips: ["169.254.1.5"],
                driver_opts: { a: "b" },
              },
            },
          },
          { networks: { low: {}, high: {} } },
        );
        const service = topology.services[0];
        if (!service) throw new Error("no service");
        return { service, topology };
      })()),
      runId: "run",
    });
    expect(spec.create.NetworkingConfig?.EndpointsConfig).toEqual({
      cmpkeys_high: {
        Aliases: ["app"],
        IPAMConfig: { IPv6Address: "fd00::5", LinkLocalIPs: ["169.254.1.5"] },
        DriverOpts: { a: "b" },
      },
    });
    expect(spec.extraNetworks).toEqual([
      { dockerName: "cmpkeys_low", aliases: ["app"], ipv4Address: "10.9.0.5" },
    ]);
  });

  it("inlines a seccomp profile from the topology's folder and unmasks system paths as docker compose does", async () => {
    mkdirSync("/tmp/cmpkeys", { recursive: true });
    writeFileSync("/tmp/cmpkeys/seccomp.json", '{\n  "defaultAction": "SCMP_ACT_ALLOW"\n}\n');
    const body = createBody(
      await topologyOf({
        security_opt: ["seccomp:./seccomp.json", "no-new-privileges:true", "systempaths=unconfined"],
      }),
    );
    expect(body.HostConfig?.SecurityOpt).toEqual([
      'seccomp={"defaultAction":"SCMP_ACT_ALLOW"}',
      "no-new-privileges:true",
    ]);
    expect(body.HostConfig).toMatchObject({ MaskedPaths: [], ReadonlyPaths: [] });
    await expect(topologyOf({ security_opt: ["seccomp=/etc/passwd"] })).rejects.toThrow(
      /seccomp profile "\/etc\/passwd" is not a file this topology may read/,
    );
  });

  it("gpus: all becomes a device request for every GPU", async () => {
    expect(createBody(await topologyOf({ gpus: "all" })).HostConfig?.DeviceRequests).toEqual([
      { Driver: "", Count: -1, DeviceIDs: [], Capabilities: [["gpu"]], Options: {} },
    ]);
  });
});
