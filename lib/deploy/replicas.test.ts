import { describe, expect, it } from "vitest";
import { parseTopology } from "@/lib/compose";
import { approvedPolicyOf } from "@/lib/compose/policy-grants";
import { containerSpec } from "@/lib/docker/container-spec";
import { LABEL } from "@/lib/docker/labels";
import { planDeploy } from "./plan";
import { workerClone } from "./worker-clone";
import { containerNameOf } from "@/lib/compose/project-name";
import { expandReplicas } from "@/lib/compose/replicas";
import type { Topology } from "@/lib/compose/types";

const parse = (text: string): Topology => {
  const result = parseTopology({ text, file: "/tmp/replicas/docker-compose.yml", env: {} });
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join("; "));
  return result.topology;
};

const FILE = [
  "name: shop",
  "services:",
  "  db:",
  "    image: busybox",
  "  worker:",
  "    image: busybox",
  "    x-phase: Workers",
  "    deploy:",
  "      replicas: 3",
  "    depends_on:",
  "      db: { condition: service_healthy }",
  "  legacy:",
  "    image: busybox",
  "    scale: 2",
  "  web:",
  "    image: busybox",
  "    depends_on: [worker, legacy]",
].join("\n");

describe("single-engine replicas (deploy.replicas, scale)", () => {
  it("load where the loader refused them before (scale 2, replicas 3)", () => {
    const topology = parse(FILE);
    expect(topology.services.find((s) => s.name === "legacy")?.swarm?.replicas).toBe(2);
    expect(topology.services.find((s) => s.name === "worker")?.swarm?.replicas).toBe(3);
  });

  it("run N containers named and labelled as Compose v2 does, each answering to the service's name", () => {
    const topology = expandReplicas({ topology: parse(FILE) });
    expect(topology.services.map((s) => s.name)).toEqual([
      "db",
      "worker-1",
      "worker-2",
      "worker-3",
      "legacy-1",
      "legacy-2",
      "web",
    ]);
    expect(topology.services.map((service) => containerNameOf({ service, project: "shop" }))).toEqual([
      "shop-db-1",
      "shop-worker-1",
      "shop-worker-2",
      "shop-worker-3",
      "shop-legacy-1",
      "shop-legacy-2",
      "shop-web-1",
    ]);
    const second = topology.services[2]!;
    const { name, create } = containerSpec({ service: second, topology, runId: "run" });
    expect(name).toBe("shop-worker-2");
    expect(create.Labels?.[LABEL.service]).toBe("worker");
    expect(create.Labels?.[LABEL.containerNumber]).toBe("2");
    expect(create.Labels?.[LABEL.replica]).toBe("worker-2");
    expect(second.networks[0]?.aliases).toEqual(["worker", "worker-2"]);
  });

  it("make a dependent wait for every replica, with the dependency's condition", () => {
    const topology = expandReplicas({ topology: parse(FILE) });
    const web = topology.services.find((s) => s.name === "web");
    expect(web?.dependsOn.map((d) => d.service)).toEqual([
      "worker-1",
      "worker-2",
      "worker-3",
      "legacy-1",
      "legacy-2",
    ]);
    expect(topology.services.find((s) => s.name === "worker-3")?.dependsOn).toEqual([
      expect.objectContaining({ service: "db", condition: "service_healthy" }),
    ]);
    const plan = planDeploy({ topology, strategy: "dag" });
    const webStep = plan.steps.find((s) => s.service === "web");
    const waited = JSON.stringify(webStep?.after);
    for (const replica of ["worker-1", "worker-2", "worker-3", "legacy-1", "legacy-2"])
      expect(waited).toContain(`"${replica}"`);
  });

  it("list every replica's container name in the Engine gate's policy", () => {
    const topology = expandReplicas({ topology: parse(FILE) });
    const policy = approvedPolicyOf({
      topologyName: "shop",
      topology,
      panel: { root: "/opt/panel", others: [], dockerSockets: ["/var/run/docker.sock"] },
      approvedIds: new Set(),
      role: "operator",
    });
    expect(policy.containers).toEqual(
      expect.arrayContaining(["shop-worker-1", "shop-worker-2", "shop-worker-3", "shop-legacy-2"]),
    );
  });

  it("add a node to a replicated worker as its next replica", () => {
    const topology = expandReplicas({ topology: parse(FILE) });
    const { service } = workerClone({ topology, existing: topology.services.map((s) => s.name) });
    expect(service.name).toBe("worker-4");
    expect(containerNameOf({ service, project: "shop" })).toBe("shop-worker-4");
    expect(service.networks[0]?.aliases).toEqual(["worker", "worker-4"]);
  });

  it("leave a file without replicas as it is, and run none for replicas 0", () => {
    const plain = parse("services:\n  a:\n    image: busybox\n");
    expect(expandReplicas({ topology: plain })).toBe(plain);
    const none = expandReplicas({
      topology: parse(
        "services:\n  a:\n    image: busybox\n    scale: 0\n  b:\n    image: busybox\n    depends_on: [a]\n",
      ),
    });
    expect(none.services.map((s) => s.name)).toEqual(["b"]);
    expect(none.services[0]?.dependsOn).toEqual([]);
  });

  it("refuse container_name with replicas, a replica name another service has, and scale unlike replicas", () => {
    expect(() =>
      expandReplicas({
        topology: parse("services:\n  a:\n    image: busybox\n    container_name: one\n    scale: 2\n"),
      }),
    ).toThrow(/services\.a \(line 2\) sets container_name one and 2 replicas/);
    expect(() =>
      expandReplicas({
        topology: parse("services:\n  a:\n    image: busybox\n    scale: 2\n  a-2:\n    image: busybox\n"),
      }),
    ).toThrow(/already has a service a-2: rename one of them/);
    const differ = parseTopology({
      text: "services:\n  a:\n    image: busybox\n    scale: 2\n    deploy: { replicas: 3 }\n",
      file: "/tmp/replicas/docker-compose.yml",
      env: {},
    });
    expect(differ.ok ? [] : differ.errors.map((e) => `${e.path}@${e.line}: ${e.message}`)).toEqual([
      expect.stringMatching(
        /^services\.a\.scale@4: .*scale 2 and deploy\.replicas 3 differ: keep one of them/,
      ),
    ]);
  });
});
