// The project's dockerode client against the real engine: a network with a subnet and a container
// from the locally built test image, created, inspected and removed.
import { afterAll, describe, expect, it } from "vitest";
import { getDocker } from "@/lib/docker/client";
import { engineStatus } from "@/lib/docker/engine";

const PREFIX = `ollamamax-int-${process.pid}`;
const docker = getDocker();

afterAll(async () => {
  const containers = await docker.listContainers({ all: true, filters: { name: [PREFIX] } });
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true })));
  const networks = await docker.listNetworks({ filters: { name: [PREFIX] } });
  await Promise.all(networks.map((n) => docker.getNetwork(n.Id).remove()));
});

describe("docker client", () => {
  it("reports the engine as reachable with its API version", async () => {
    const status = await engineStatus();
    expect(status.reachable).toBe(true);
    if (status.reachable) expect(status.apiVersion).toMatch(/^1\.\d+$/);
  });

  it("creates a network and a container on it, then removes both", async () => {
    const network = await docker.createNetwork({
      Name: `${PREFIX}-net`,
      Driver: "bridge",
      IPAM: { Config: [{ Subnet: "10.231.7.0/24" }] },
    });
    const container = await docker.createContainer({
      name: `${PREFIX}-web`,
      Image: "ollamamax-test/busybox:latest",
      Cmd: ["httpd", "-f", "-p", "8080", "-h", "/www"],
      HostConfig: { NetworkMode: `${PREFIX}-net`, NanoCpus: 250_000_000, Memory: 64 * 2 ** 20 },
      NetworkingConfig: { EndpointsConfig: { [`${PREFIX}-net`]: { Aliases: ["web"] } } },
    });
    await container.start();

    const inspected = await container.inspect();
    expect(inspected.State.Running).toBe(true);
    expect(inspected.HostConfig.NanoCpus).toBe(250_000_000);
    expect(inspected.HostConfig.Memory).toBe(64 * 2 ** 20);
    const endpoint = inspected.NetworkSettings.Networks[`${PREFIX}-net`];
    expect(endpoint?.IPAddress).toMatch(/^10\.231\.7\.\d+$/);
    expect(endpoint?.Aliases).toContain("web");

    const netInfo = await network.inspect();
    expect(netInfo.IPAM?.Config?.[0]?.Subnet).toBe("10.231.7.0/24");

    await container.remove({ force: true });
    await network.remove();
    await expect(container.inspect()).rejects.toMatchObject({ statusCode: 404 });
    const left = await docker.listNetworks({ filters: { name: [`${PREFIX}-net`] } });
    expect(left).toHaveLength(0);
  });
});
