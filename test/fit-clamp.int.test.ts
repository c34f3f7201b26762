// The shipped optimized topology (isolated, see isolated-shipped.ts) under fit mode clamp, through
// the deploy operation's own host check: every created container's NanoCpus is compared with what
// the file wrote (only a limit above the host's CPUs may be lowered). It is deployed after "start
// from empty data" (stored cold), torn down keeping its data, and deployed again (stored warm).
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTopology, readDotEnv } from "@/lib/compose";
import type { Topology } from "@/lib/compose/types";
import { SHIPPED, TEST_SECRETS } from "@/lib/compose/test-support";
import { startTeardown, type RunResult } from "@/lib/deploy";
import { getDocker } from "@/lib/docker/client";
import { engineStatus } from "@/lib/docker/engine";
import { LABEL, projectFilter } from "@/lib/docker/labels";
import { getPrisma } from "@/lib/db/client";
import { assessDataState } from "@/lib/deploy/data-state";
import { checkHost } from "@/lib/operations/deploy";
import { startFromEmptyData } from "@/lib/operations/fresh-data";
import { purgeProject, uniqueProject } from "./fixtures/deploy-support";
import { shippedBudget } from "./fixtures/shipped-budget";
import { isolateShipped } from "./fixtures/isolated-shipped";
import { testActor } from "./fixtures/principal";
import { runJournal, scratchDatabase, scratchFolder } from "./fixtures/scratch-panel";
import { startApprovedDeploy } from "./fixtures/approved-deploy";

const project = uniqueProject();
const imagesEnv = readDotEnv({ file: join(process.cwd(), "images/local-images.env") });
let written: Topology;
let result: RunResult;
let warm: RunResult;
let hostCpus = 0;
scratchDatabase({ dir: scratchFolder("deploytest-db-") });
const journal = runJournal();
const actor = testActor({ username: "tester" });
// How long a deploy and a teardown may take here (see shipped-budget.ts).
const { deployMs, teardownMs, summary } = await shippedBudget({ name: "optimized" });
console.info(summary);

/** A deploy as requestDeploy makes it: fit checked, data cleared when asked and assessed, recorded. */
const deploy = async ({ freshData }: { freshData: boolean }): Promise<RunResult> => {
  const checked = await checkHost({ topology: written, fit: "clamp", env: { ...TEST_SECRETS } });
  if (freshData) await startFromEmptyData({ ...actor, topology: checked.topology });
  const { dataState, data } = await assessDataState({ topology: checked.topology });
  const done = await startApprovedDeploy({
    topology: checked.topology,
    strategy: "dag",
    env: { ...TEST_SECRETS },
    followLogs: false,
    settings: { topology: "optimized" },
    conditions: { fitMode: "clamp", fitChanges: checked.fitChanges, freshData, dataState, data },
  }).done;
  await journal().done(done.runId);
  return done;
};

beforeAll(async () => {
  const loaded = await loadTopology({ file: SHIPPED.optimized, env: { ...imagesEnv, ...TEST_SECRETS } });
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join("\n"));
  const engine = await engineStatus();
  if (!engine.reachable) throw new Error(engine.hint);
  hostCpus = engine.cpus;
  written = await isolateShipped({ topology: loaded.topology, project });
  result = await deploy({ freshData: true });
}, deployMs);

afterAll(async () => {
  await startTeardown({ project, stopTimeoutSeconds: 0, removeVolumes: true }).done.catch(() => undefined);
  await purgeProject(project);
  if (written) rmSync(written.dir, { recursive: true, force: true });
}, teardownMs);

describe("fit mode clamp, optimized topology on this host", async () => {
  it("deploys healthy", async () => {
    if (result.error) console.error(JSON.stringify(result.error, null, 2));
    expect(result.status).toBe("healthy");
    const c = result.clocks;
    const s = (ms: number | null | undefined) => (ms == null ? "—" : `${(ms / 1000).toFixed(1)} s`);
    console.info(
      `optimized dag, fit clamp, ${result.conditions?.dataState} data: preparation ${s(c?.preparationMs)}, ready ${s(c?.readyMs)}, Docker healthy ${s(c?.dockerHealthyMs)}; ` +
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
    // The 3-CPU nodes are over a 2-CPU host; postgres (0.5) and the rest keep their limits.
    if (hostCpus < 3) expect(lowered.sort()).toEqual(["ollama-node-1", "ollama-node-2", "ollama-node-3"]);
    expect(
      result.conditions?.fitChanges
        .filter((c) => c.field === "cpusLimit")
        .map((c) => c.service)
        .sort(),
    ).toEqual(lowered.sort());
  });

  it("reports the three clocks in order: preparation ≤ ready", async () => {
    const { preparationMs, readyMs } = result.clocks ?? {};
    expect(preparationMs).toBeGreaterThan(0);
    expect(readyMs).toBeGreaterThanOrEqual(preparationMs ?? Infinity);
  });

  it(
    "stores the shipped topology's data state: cold after start from empty data, warm on the next deploy",
    async () => {
      await startTeardown({ project, stopTimeoutSeconds: 5 }).done;
      warm = await deploy({ freshData: false });
      expect(warm.status).toBe("healthy");
      const stored = await getPrisma().run.findMany({
        where: { id: { in: [result.runId, warm.runId] } },
        select: { id: true, dataState: true, readyMs: true },
      });
      expect(stored.find((r) => r.id === result.runId)?.dataState).toBe("cold");
      // Only what a service wrote into is warm: postgres (initdb), redis and prometheus write at start;
      // the simulated nodes, minio and grafana leave theirs empty (cold), so the run is "mixed".
      console.info(warm.conditions?.data.map((d) => `${d.name} ${d.state} (${d.detail})`).join("; "));
      expect(stored.find((r) => r.id === warm.runId)?.dataState).toMatch(/^(warm|mixed)$/);
      for (const name of ["data/postgres", "data/redis", `${project}_prometheus-data`])
        expect(warm.conditions?.data.find((d) => d.name === name)?.state, name).toBe("warm");
      const postgres = warm.conditions?.data.find((d) => d.name === "data/postgres");
      expect(postgres).toMatchObject({ kind: "folder", state: "warm", services: ["postgres"] });
      const s = (r: RunResult, name: string) => r.services.find((t) => t.service === name)?.readyAt;
      console.info(
        `optimized dag, clamp: cold ready ${result.clocks?.readyMs} ms (postgres ${s(result, "postgres")} ms), warm ready ${warm.clocks?.readyMs} ms (postgres ${s(warm, "postgres")} ms)`,
      );
    },
    teardownMs + deployMs,
  );
});
