import type Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { LABEL } from "@/lib/docker/labels";
import { enginesByHostname } from "./engines";
import { removeSwarmProject } from "./teardown";
import { keptVolumesLine, splitVolumes, swarmDataState, type NodeVolume } from "./volumes";
import type { Service, Topology } from "@/lib/compose/types";

const volume = (node: string, name: string, runId: string): NodeVolume => ({
  node,
  name,
  labels: { [LABEL.project]: "p", [LABEL.runId]: runId },
});
const volumes = [
  volume("n1", "p_data", "run-1"),
  volume("n2", "p_data", "run-1"),
  volume("n2", "p_models", "run-2"),
];

describe("which Swarm volumes a removal takes", () => {
  it("keeps every volume unless asked, removes all when asked, only the run's own on its cleanup", () => {
    expect(splitVolumes({ volumes, removal: "keep" })).toEqual({ remove: [], keep: volumes });
    expect(splitVolumes({ volumes, removal: "all" })).toEqual({ remove: volumes, keep: [] });
    expect(splitVolumes({ volumes, removal: { createdByRun: "run-2" } })).toEqual({
      remove: [volumes[2]],
      keep: [volumes[0], volumes[1]],
    });
  });

  it("says how many volumes were kept on how many nodes", () => {
    expect(keptVolumesLine(volumes)).toBe(
      "kept 3 volumes on 2 nodes (ask to remove volumes to delete their data)",
    );
    expect(keptVolumesLine(volumes.slice(0, 1))).toBe(
      "kept 1 volume on 1 node (ask to remove volumes to delete their data)",
    );
    expect(keptVolumesLine([])).toBeNull();
  });
});

/** An engine that lists nothing but its volumes; `stuck` volumes refuse removal (in use). */
const fakeEngine = (names: string[], runId: string, stuck: string[] = []) => {
  const held = new Set(names);
  return {
    held,
    engine: {
      listServices: async () => [],
      listNetworks: async () => [],
      listContainers: async () => [],
      listNodes: async () => [
        { ID: "a", Description: { Hostname: "n1" } },
        { ID: "b", Description: { Hostname: "n2" } },
      ],
      listVolumes: async () => ({
        Volumes: [...held].map((Name) => ({ Name, Labels: { [LABEL.project]: "p", [LABEL.runId]: runId } })),
      }),
      getVolume: (name: string) => ({
        remove: async () => {
          if (stuck.includes(name)) throw new Error("volume is in use");
          held.delete(name);
        },
      }),
    },
  };
};

const swarmOf = (n1: ReturnType<typeof fakeEngine>, n2: ReturnType<typeof fakeEngine>) =>
  enginesByHostname({
    manager: n1.engine as unknown as Docker,
    nodes: { n1: n1.engine as unknown as Docker, n2: n2.engine as unknown as Docker },
  });

describe("removing a Swarm project's volumes", () => {
  it("keeps them by default, and kept volumes are no leftover", async () => {
    const n1 = fakeEngine(["p_data"], "run-1");
    const n2 = fakeEngine(["p_data", "p_models"], "run-1");
    const { cleanup, keptVolumes } = await removeSwarmProject({ engines: swarmOf(n1, n2), project: "p" });
    expect(cleanup).toEqual({ state: "done", leftovers: { containers: [], networks: [], volumes: [] } });
    expect(keptVolumes.map((v) => `${v.name}@${v.node}`)).toEqual(["p_data@n1", "p_data@n2", "p_models@n2"]);
    expect([...n1.held, ...n2.held]).toHaveLength(3);
  });

  it("removes them on every node when asked; one that stays is a leftover", async () => {
    const n1 = fakeEngine(["p_data"], "run-1");
    const n2 = fakeEngine(["p_data", "p_models"], "run-1", ["p_models"]);
    const removed: string[] = [];
    const { cleanup, keptVolumes } = await removeSwarmProject({
      engines: swarmOf(n1, n2),
      project: "p",
      volumes: "all",
      onVolumeRemoved: (v) => removed.push(`${v.name}@${v.node}`),
    });
    expect(removed).toEqual(["p_data@n1", "p_data@n2"]);
    expect(cleanup).toEqual({
      state: "failed",
      leftovers: { containers: [], networks: [], volumes: ["p_models@n2"] },
    });
    expect(keptVolumes).toEqual([]);
  });
});

describe("a Swarm deploy's data state", () => {
  const topology = {
    volumes: [
      { name: "data", dockerName: "p_data", driver: "local", external: false },
      { name: "models", dockerName: "p_models", driver: "local", external: false },
    ],
    services: [
      { name: "db", volumes: [{ type: "volume", source: "data", target: "/d", readOnly: false }] },
      { name: "node", volumes: [{ type: "volume", source: "models", target: "/m", readOnly: false }] },
    ] as unknown as Service[],
  } satisfies Pick<Topology, "volumes" | "services">;

  it("is warm per volume kept on a node, cold on none, none without volumes", () => {
    expect(swarmDataState({ topology, existing: volumes.slice(0, 2) })).toEqual({
      dataState: "mixed",
      data: [
        {
          kind: "volume",
          name: "p_data",
          services: ["db"],
          state: "warm",
          detail: "kept on n1, n2 (contents not read: counted as warm)",
        },
        {
          kind: "volume",
          name: "p_models",
          services: ["node"],
          state: "cold",
          detail: "on no node the panel reaches",
        },
      ],
    });
    expect(swarmDataState({ topology, existing: [] }).dataState).toBe("cold");
    expect(swarmDataState({ topology: { volumes: [], services: [] }, existing: volumes })).toEqual({
      dataState: "none",
      data: [],
    });
  });
});
