// Another project's volume and network through the whole deploy path, on a real panel database and
// engine (issue 25): a topology that names them by their Docker names is refused for an operator;
// declared external and approved by an admin, the deploy reuses them; named without `external`, even
// an admin's approval does not let the Engine gate hand them over — the run fails naming the file's
// key and line, and no container of the project exists.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addTopology } from "@/lib/catalog/add-topology";
import { getDocker } from "@/lib/docker/client";
import { findProjectContainers } from "@/lib/docker/project-objects";
import { LABEL } from "@/lib/docker/labels";
import { requestDeploy } from "@/lib/operations/deploy";
import { approvePolicyExceptions } from "@/lib/operations/policy";
import { dagRequest, purgeProject } from "./fixtures/deploy-support";
import { testActor } from "./fixtures/principal";
import { clusterSecrets, scratchDatabase, scratchFolder, topologyFolder } from "./fixtures/scratch-panel";

const owner = `foreignowner-${process.pid}`;
const volume = `${owner}_grafana-data`;
const network = `${owner}_infra-net`;
const operator = testActor({ username: "foreign-operator" });
const admin = testActor({ username: "foreign-admin", role: "admin" });

const fileOf = ({ name, external }: { name: string; external: boolean }) => `name: ${name}
services:
  app:
    image: ollamamax-test/busybox:latest
    command: ["sleep", "3600"]
    volumes:
      - g:/data
${external ? "    networks:\n      - n\n" : ""}volumes:
  g:
${external ? "    external: true\n" : ""}    name: ${volume}
${external ? `networks:\n  n:\n    external: true\n    name: ${network}\n` : ""}`;

const external = `foreignext-${process.pid}`;
const named = `foreignname-${process.pid}`;
const scratch = scratchFolder("ollamamax-foreign-");
scratchDatabase({ dir: scratch });
clusterSecrets({ dir: scratch });
topologyFolder({ name: external });
topologyFolder({ name: named });

beforeAll(async () => {
  const labels = { [LABEL.project]: owner };
  await getDocker().createVolume({ Name: volume, Labels: labels });
  await getDocker().createNetwork({ Name: network, Labels: labels });
});

afterAll(async () => {
  await purgeProject(external);
  await purgeProject(named);
  await getDocker()
    .getVolume(volume)
    .remove()
    .catch(() => undefined);
  await getDocker()
    .getNetwork(network)
    .remove()
    .catch(() => undefined);
});

const deploy = (topology: string) => requestDeploy({ ...operator, request: dagRequest({ topology }) });

describe("another project's volume and network", () => {
  it("are refused for an operator, and reused once declared external and approved", async () => {
    const text = fileOf({ name: external, external: true });
    let refusal = "";
    try {
      await addTopology({ name: external, text });
    } catch (error) {
      refusal = (error as Error).message;
    }
    expect(refusal).toMatch(/volumes\.g\.external: .*rule external_volume/);
    expect(refusal).toMatch(/networks\.n\.external: .*rule external_network/);
    await addTopology({ name: external, text, admin: true });
    await expect(deploy(external)).rejects.toThrow(/deploy policy refuses .*rule external_volume/s);
    await approvePolicyExceptions({ ...admin, topologyName: external });
    const { done } = await deploy(external);
    const result = await done;
    expect(result.error).toBeNull();
    const [container] = await findProjectContainers({ project: external, service: "app" });
    const inspected = await getDocker()
      .getContainer(container?.id ?? "")
      .inspect();
    expect(inspected.Mounts.map((m) => m.Name)).toContain(volume);
    expect(Object.keys(inspected.NetworkSettings.Networks)).toContain(network);
  });

  // (A network named so is refused before the run: preflight finds the project's network exists.)
  it("a volume named without external: the gate refuses it even when approved, naming key and line", async () => {
    await addTopology({ name: named, text: fileOf({ name: named, external: false }), admin: true });
    await approvePolicyExceptions({ ...admin, topologyName: named });
    const { done } = await deploy(named);
    const result = await done;
    expect(result.status).toBe("failed");
    expect(result.error?.message).toMatch(/Engine gate refused/);
    expect(result.error?.message).toMatch(
      /line 10: volumes\.g\.name: volume \S+ belongs to project "foreignowner-/,
    );
    expect(await findProjectContainers({ project: named })).toEqual([]);
  });
});
