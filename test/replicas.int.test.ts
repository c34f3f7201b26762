// Issue 32, point 8: `deploy.replicas: 3` and `scale: 2` on one engine run 3 and 2 containers,
// named and labelled as Compose v2 names them, each timed like any service; a dependent starts only
// once every replica is healthy; the Engine gate's policy lists each replica; teardown removes all.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadTopology } from "@/lib/compose";
import { expandReplicas } from "@/lib/compose/replicas";
import { getDocker } from "@/lib/docker/client";
import { LABEL, projectFilter } from "@/lib/docker/labels";
import { startTeardown } from "@/lib/deploy";
import { approvedForTests, startApprovedDeploy } from "./fixtures/approved-deploy";
import { leftovers, purgeProject } from "./fixtures/deploy-support";
import { TEST_IMAGE } from "./fixtures/fixture-topology";

const dir = `/tmp/replicas-${process.pid}`;
const project = `replicas-${process.pid}`;

const FILE = `services:
  worker:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    init: true
    deploy:
      replicas: 3
    healthcheck:
      test: ["CMD-SHELL", "sleep 1"]
      interval: 1s
      timeout: 3s
      retries: 5
  legacy:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    init: true
    scale: 2
  web:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    init: true
    depends_on:
      worker: { condition: service_healthy }
      legacy: { condition: service_started }
`;

afterAll(async () => {
  await purgeProject(project);
  rmSync(dir, { recursive: true, force: true });
});

describe("single-engine replicas", () => {
  it("run N containers as Compose v2 names them, in the timings, waited for by dependents, torn down", async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "docker-compose.yml"), FILE);
    const loaded = await loadTopology({ file: join(dir, "docker-compose.yml"), env: {}, folderEnv: false });
    if (!loaded.ok) throw new Error(loaded.errors.map((e) => `${e.line}: ${e.message}`).join("\n"));
    const topology = expandReplicas({ topology: loaded.topology });
    const names = ["worker-1", "worker-2", "worker-3", "legacy-1", "legacy-2"].map((s) => `${project}-${s}`);
    expect(approvedForTests(topology).containers).toEqual(
      expect.arrayContaining([...names, `${project}-web-1`]),
    );

    const run = await startApprovedDeploy({ topology, strategy: "dag" }).done;
    expect(run.error ?? null).toBeNull();
    expect(run.status).toBe("healthy");
    const timing = (service: string) => run.services.find((s) => s.service === service);
    expect(run.services.map((s) => s.service).sort()).toEqual(
      ["legacy-1", "legacy-2", "web", "worker-1", "worker-2", "worker-3"].sort(),
    );
    for (const replica of ["worker-1", "worker-2", "worker-3"]) {
      expect(timing(replica)?.container).toBe(`${project}-${replica}`);
      expect(timing(replica)?.readyAt).not.toBeNull();
      // web waited for every replica to be healthy.
      expect(timing("web")?.createdAt ?? 0).toBeGreaterThanOrEqual(timing(replica)?.readyAt ?? Infinity);
    }

    const docker = getDocker();
    const containers = await docker.listContainers({ all: true, filters: projectFilter(project) });
    const byName = new Map(containers.map((c) => [(c.Names[0] ?? "").replace(/^\//, ""), c]));
    expect([...byName.keys()].sort()).toEqual([...names, `${project}-web-1`].sort());
    const second = byName.get(`${project}-worker-2`);
    expect(second?.Labels[LABEL.service]).toBe("worker");
    expect(second?.Labels[LABEL.containerNumber]).toBe("2");
    expect(byName.get(`${project}-legacy-2`)?.Labels[LABEL.containerNumber]).toBe("2");
    // Every replica answers to the service's name on the project's network (DNS round robin).
    const inspected = await docker.getContainer(second?.Id ?? "").inspect();
    const endpoint = Object.values(inspected.NetworkSettings.Networks)[0];
    expect(endpoint?.Aliases).toEqual(expect.arrayContaining(["worker", "worker-2"]));

    const teardown = await startTeardown({ project, removeVolumes: true }).done;
    expect(teardown.status).not.toBe("failed");
    expect(await leftovers(project)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  }, 180_000);
});
