// The optimized topology itself, with the local image kit, under the default fit (clamp: only a
// limit above this host is lowered, as a deploy from the panel does) and deployed phased: all ten
// services healthy by their own checks, Docker holding what the file says, then torn down.
// Isolated from other users of this engine as test/fixtures/isolated-shipped.ts says (not a change
// to what is measured). How long each step may take is derived, not copied from one machine: see
// test/fixtures/engine-calibration.ts (the topology's own health checks + this engine, measured).
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fitTopology, loadTopology, readDotEnv } from "@/lib/compose";
import type { FitChange } from "@/lib/compose";
import type { Topology } from "@/lib/compose/types";
import { SHIPPED, TEST_SECRETS } from "@/lib/compose/test-support";
import { getDocker } from "@/lib/docker/client";
import { engineStatus } from "@/lib/docker/engine";
import { execHealthTest } from "@/lib/docker/exec";
import { imagePresent } from "@/lib/docker/images";
import { LABEL } from "@/lib/docker/labels";
import { startTeardown, workerClone } from "@/lib/deploy";
import type { RunResult } from "@/lib/deploy";
import { leftovers, purgeProject, uniqueProject } from "./fixtures/deploy-support";
import { startApprovedDeploy, startApprovedScale } from "./fixtures/approved-deploy";
import { isolateShipped } from "./fixtures/isolated-shipped";
import { shippedBudget } from "./fixtures/shipped-budget";

const project = uniqueProject();

afterAll(async () => {
  await purgeProject(project);
});
const imagesEnv = readDotEnv({ file: join(process.cwd(), "images/local-images.env") });
const load = async () => {
  const loaded = await loadTopology({ file: SHIPPED.optimized, env: { ...imagesEnv, ...TEST_SECRETS } });
  if (!loaded.ok) throw new Error(loaded.errors.map((error) => error.message).join("\n"));
  return loaded.topology;
};

// The budgets every wait below uses (shipped-budget.ts): a deploy that runs past deployMs has been
// failed by the product's own ready timeouts already; the teardown counts the fourth worker too.
const { deployMs, nodeAddMs, teardownMs, summary } = await shippedBudget({
  name: "optimized",
  extraWorkers: 1,
});
console.info(summary);

/** The isolated copy of the optimized topology described above. */
const isolate = (topology: Topology): Promise<Topology> => isolateShipped({ topology, project });

let topology: Topology;
let clamped: FitChange[];
let hostCpus = 0;
let result: RunResult;
let ready = false;

const service = (name: string) => {
  const found = topology.services.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no service ${name}`);
  return found;
};

describe("optimized topology, phased, local images, default fit (clamp)", () => {
  beforeAll(async () => {
    const written = await load();
    const images = [...new Set(written.services.map((service) => service.image))];
    const missing = (
      await Promise.all(images.map(async (image) => ((await imagePresent({ image })) ? null : image)))
    ).filter(Boolean);
    if (missing.length > 0)
      throw new Error(`local images missing (${missing.join(", ")}): run npm run images first`);
    const engine = await engineStatus();
    if (!engine.reachable) throw new Error(engine.hint);
    const fit = fitTopology({
      topology: await isolate(written),
      host: { cpus: engine.cpus, memoryBytes: engine.memoryBytes },
      mode: "clamp",
    });
    topology = fit.topology;
    clamped = fit.changes;
    hostCpus = engine.cpus;
    result = await startApprovedDeploy({
      topology,
      strategy: "phased",
      env: { ...TEST_SECRETS },
      settings: { topology: "optimized" },
    }).done;
    ready = true;
  }, deployMs);

  it("brings all ten services to healthy with the topology's own checks", () => {
    expect(ready).toBe(true);
    if (result.error) console.error(JSON.stringify(result.error, null, 2));
    expect(result.status).toBe("healthy");
    expect(result.services).toHaveLength(10);
    expect(result.services.every((entry) => entry.state === "healthy")).toBe(true);
    console.info(
      `optimized phased: total ${(result.totalMs / 1000).toFixed(1)} s, clamp lowered ${clamped.map((c) => `${c.service} ${c.field} ${c.written} → ${c.applied}`).join(", ") || "nothing"}\n` +
        result.phases
          .map((p) => `  phase ${p.name}: start ${p.startedAt} ms, ready ${p.readyAt} ms`)
          .join("\n") +
        "\n" +
        result.services
          .map(
            (s) =>
              `  ${s.service}: created ${s.createdAt}, running ${s.runningAt}, ready ${s.readyAt}, docker healthy ${s.dockerHealthyAt}`,
          )
          .join("\n"),
    );
  });

  it("keeps the phase order: nothing of phase k+1 created before all of phase k was ready", () => {
    expect(result.phases.map((phase) => phase.name)).toEqual([
      "Foundation",
      "Leader",
      "Workers",
      "Load Balancer",
    ]);
    for (let k = 1; k < result.phases.length; k += 1) {
      const previous = result.phases[k - 1]?.services ?? [];
      const readyAt = Math.max(
        ...result.services.filter((s) => previous.includes(s.service)).map((s) => s.readyAt ?? Infinity),
      );
      const next = result.services.filter((s) => result.phases[k]?.services.includes(s.service));
      for (const entry of next) expect(entry.createdAt ?? -1).toBeGreaterThanOrEqual(readyAt);
    }
  });

  it("gives the nodes their clamped limits, health checks in ns, labels and both networks with their aliases", async () => {
    const node = service("ollama-node-1");
    // Clamp lowers only what is above the host: the 3-CPU nodes on a host with fewer cores.
    const written = (await load()).services.find((s) => s.name === "ollama-node-1")?.resources.cpusLimit ?? 0;
    expect(node.resources.cpusLimit).toBe(Math.min(written, hostCpus));
    const info = await getDocker()
      .getContainer(node.containerName ?? "")
      .inspect();
    expect(info.HostConfig.NanoCpus).toBe(Math.round((node.resources.cpusLimit ?? 0) * 1e9));
    expect(info.HostConfig.Memory).toBe(node.resources.memoryLimitBytes);
    expect(info.HostConfig.MemoryReservation).toBe(node.resources.memoryReservationBytes);
    expect(info.Config.Healthcheck).toMatchObject({
      Interval: 15e9,
      Timeout: 3e9,
      Retries: 2,
      StartPeriod: 20e9,
    });
    expect(info.Config.Labels).toMatchObject({
      [LABEL.project]: project,
      [LABEL.service]: "ollama-node-1",
      [LABEL.runId]: result.runId,
    });
    for (const network of ["training-net", "infra-net"]) {
      expect(info.NetworkSettings.Networks[`${project}_${network}`]?.Aliases).toContain("ollama-node-1");
    }
    for (const network of topology.networks) {
      const inspected = await getDocker().getNetwork(network.dockerName).inspect();
      expect(inspected.IPAM?.Config?.map((config: { Subnet?: string }) => config.Subnet)).toEqual(
        network.subnets.map((s) => s.subnet),
      );
    }
  });

  it(
    "adds a fourth worker to the running cluster: a copy of ollama-node-3 with its own identity",
    async () => {
      const existing = topology.services.map((s) => s.name);
      const clone = workerClone({ topology, existing });
      const scale = startApprovedScale({ topology, clones: [clone], env: { ...TEST_SECRETS } });
      expect(scale.services).toEqual(["ollama-node-4"]);
      const added = await scale.done;
      if (added.error) console.error(JSON.stringify(added.error, null, 2));
      expect(added).toMatchObject({ kind: "scale", status: "healthy", strategy: null });
      expect(added.services.map((s) => [s.service, s.state])).toEqual([["ollama-node-4", "healthy"]]);
      const timing = added.services[0];
      expect(timing?.readyAt).toBeGreaterThan(timing?.runningAt ?? Infinity);
      console.info(
        `node addition: ready ${((timing?.readyAt ?? 0) / 1000).toFixed(1)} s after the request (created ${timing?.createdAt} ms, running ${timing?.runningAt} ms), run total ${(added.totalMs / 1000).toFixed(1)} s`,
      );
      // Nothing of the running cluster was created again.
      expect(added.created.networks).toEqual([]);
      expect(added.created.containers).toHaveLength(1);

      const template = service("ollama-node-3");
      const info = await getDocker().getContainer(`${project}-ollama-node-4-optimized`).inspect();
      expect(info.Config.Env).toContain("NODE_ID=ollama-node-4");
      expect(info.Config.Env).toContain("NODE_ROLE=worker");
      expect(info.Config.Labels).toMatchObject({
        [LABEL.project]: project,
        [LABEL.service]: "ollama-node-4",
        [LABEL.runId]: added.runId,
      });
      expect(info.HostConfig.NanoCpus).toBe(Math.round((template.resources.cpusLimit ?? 0) * 1e9));
      expect(info.HostConfig.Memory).toBe(template.resources.memoryLimitBytes);
      expect(Object.keys(info.HostConfig.PortBindings ?? {})).toEqual([]);
      expect(info.Mounts.map((m) => m.Name)).toEqual([`${project}_node-4-data`]);
      for (const network of ["training-net", "infra-net"])
        expect(info.NetworkSettings.Networks[`${project}_${network}`]?.Aliases).toContain("ollama-node-4");
      // The leader reaches the new node by name over the training network.
      const reached = await execHealthTest({
        id: service("ollama-node-1").containerName ?? "",
        test: ["CMD", "curl", "-fsS", "http://ollama-node-4:8080/health"],
        timeoutMs: 10_000,
      });
      expect(reached).toMatchObject({ kind: "exited", exitCode: 0 });
    },
    nodeAddMs + 60_000,
  );

  it(
    "tears down to nothing with the project label",
    async () => {
      const teardown = await startTeardown({ project, removeVolumes: true }).done;
      expect(teardown.status).toBe("torn_down");
      expect(teardown.phases[0]?.services).toContain("ollama-node-4");
      console.info(
        `optimized teardown: ${(teardown.totalMs / 1000).toFixed(1)} s`,
        JSON.stringify(teardown.phases.map((p) => [p.name, p.services, p.readyAt])),
      );
      expect(await leftovers(project)).toEqual({ containers: 0, networks: 0, volumes: 0 });
    },
    teardownMs,
  );
});

describe.each(["dag", "sequential"] as const)(
  "optimized topology, %s, local images, default fit (clamp)",
  (strategy) => {
    it(
      "brings all ten services to healthy, then tears down to nothing",
      async () => {
        const engine = await engineStatus();
        if (!engine.reachable) throw new Error(engine.hint);
        const fit = fitTopology({
          topology: await isolate(await load()),
          host: { cpus: engine.cpus, memoryBytes: engine.memoryBytes },
          mode: "clamp",
        });
        const run = await startApprovedDeploy({
          topology: fit.topology,
          strategy,
          settings: { topology: "optimized" },
        }).done;
        if (run.error) console.error(JSON.stringify(run.error, null, 2));
        console.info(
          `optimized ${strategy}: ${run.status}, total ${(run.totalMs / 1000).toFixed(1)} s\n` +
            run.services
              .map(
                (s) =>
                  `  ${s.service}: created ${s.createdAt}, running ${s.runningAt}, ready ${s.readyAt}, docker healthy ${s.dockerHealthyAt}`,
              )
              .join("\n"),
        );
        expect(run.status).toBe("healthy");
        expect(run.services.every((entry) => entry.state === "healthy")).toBe(true);
        const teardown = await startTeardown({ project, removeVolumes: true }).done;
        expect(teardown.status).toBe("torn_down");
        expect(await leftovers(project)).toEqual({ containers: 0, networks: 0, volumes: 0 });
      },
      deployMs + teardownMs,
    );
  },
);
