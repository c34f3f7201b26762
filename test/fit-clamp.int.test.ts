// Fit mode clamp on this host, through the deploy operation's own host check: the shipped optimized
// topology (isolated, see isolated-shipped.ts) is deployed and every created container's NanoCpus
// is compared with what the file wrote. Only a limit above the host's CPUs may be lowered.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTopology, readDotEnv } from "@/lib/compose";
import type { Topology } from "@/lib/compose/types";
import { SHIPPED, TEST_SECRETS } from "@/lib/compose/test-support";
import { startDeploy, startTeardown, type RunResult } from "@/lib/deploy";
import { getDocker } from "@/lib/docker/client";
import { engineStatus } from "@/lib/docker/engine";
import { LABEL, projectFilter } from "@/lib/docker/labels";
import { checkHost } from "@/lib/operations/deploy";
import { purgeProject, uniqueProject } from "./fixtures/deploy-support";
import { isolateShipped } from "./fixtures/isolated-shipped";

const project = uniqueProject();
const imagesEnv = readDotEnv({ file: join(process.cwd(), "images/local-images.env") });
let written: Topology;
let result: RunResult;
let hostCpus = 0;

beforeAll(async () => {
  const loaded = loadTopology({ file: SHIPPED.optimized, env: { ...imagesEnv, ...TEST_SECRETS } });
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join("\n"));
  const engine = await engineStatus();
  if (!engine.reachable) throw new Error(engine.hint);
  hostCpus = engine.cpus;
  written = await isolateShipped({ topology: loaded.topology, project });
  const checked = await checkHost({ topology: written, fit: "clamp" });
  result = await startDeploy({
    topology: checked.topology,
    strategy: "dag",
    env: { ...TEST_SECRETS },
    followLogs: false,
    conditions: {
      fitMode: "clamp",
      fitChanges: checked.fitChanges,
      freshData: false,
      dataState: "none",
      data: [],
    },
  }).done;
}, 600_000);

afterAll(async () => {
  await startTeardown({ project, stopTimeoutSeconds: 0, removeVolumes: true }).done.catch(() => undefined);
  await purgeProject(project);
});

describe("fit mode clamp, optimized topology on this host", () => {
  it("deploys healthy", () => {
    if (result.error) console.error(JSON.stringify(result.error, null, 2));
    expect(result.status).toBe("healthy");
    const c = result.clocks;
    const s = (ms: number | null | undefined) => (ms == null ? "—" : `${(ms / 1000).toFixed(1)} s`);
    console.info(
      `optimized dag, fit clamp, cold data (fresh folder): preparation ${s(c?.preparationMs)}, ready ${s(c?.readyMs)}, Docker healthy ${s(c?.dockerHealthyMs)}; ` +
        result.services.map((t) => `${t.service} ready ${s(t.readyAt)}`).join(", "),
    );
  });

  it("gives no container a CPU limit below what the file wrote, unless the file wrote more than the host has", async () => {
    const containers = await getDocker().listContainers({ all: true, filters: projectFilter(project) });
    expect(containers).toHaveLength(written.services.length);
    const lowered: string[] = [];
    for (const summary of containers) {
      const info = await getDocker().getContainer(summary.Id).inspect();
      const name = info.Config.Labels[LABEL.service] ?? "";
      const cpus = written.services.find((s) => s.name === name)?.resources.cpusLimit ?? null;
      const nano = info.HostConfig.NanoCpus ?? 0;
      if (cpus === null) expect(nano, name).toBe(0);
      else if (cpus <= hostCpus) expect(nano, name).toBe(Math.round(cpus * 1e9));
      else {
        expect(nano, name).toBe(hostCpus * 1e9);
        lowered.push(name);
      }
    }
    // The 3-CPU nodes are over a 2-CPU host; postgres (written 2) and the rest keep their limits.
    if (hostCpus < 3) expect(lowered.sort()).toEqual(["ollama-node-1", "ollama-node-2", "ollama-node-3"]);
    expect(
      result.conditions?.fitChanges
        .filter((c) => c.field === "cpusLimit")
        .map((c) => c.service)
        .sort(),
    ).toEqual(lowered.sort());
  });

  it("reports the three clocks in order: preparation ≤ ready", () => {
    const { preparationMs, readyMs } = result.clocks ?? {};
    expect(preparationMs).toBeGreaterThan(0);
    expect(readyMs).toBeGreaterThanOrEqual(preparationMs ?? Infinity);
  });
});
