// A corpus file end to end: flagsmith's docker-compose.yml (postgres with a health check, a one-shot
// migration, two apps waiting on it), images swapped for the local kit (corpus-simulated.ts lists
// every rewrite), added and deployed through the panel (addTopology → requestDeploy), then the same
// text brought up by docker-compose 1.29 (`-p cmpcorpus-ref up -d`). Each container's docker inspect
// is compared field by field; the differences left are explained, by value, in fixtures/corpus-deploy.ts.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addTopology } from "@/lib/catalog/add-topology";
import type { RunResult } from "@/lib/deploy";
import { requestDeploy } from "@/lib/operations/deploy";
import {
  clearEarlierRun,
  factsOf,
  referenceUp,
  removeBoth,
  unexplainedFacts,
} from "./fixtures/corpus-deploy";
import { REWRITES, simulatedFlagsmith } from "./fixtures/corpus-simulated";
import type { ContainerFacts } from "./fixtures/corpus-simulated";
import { dagRequest, purgeProject } from "./fixtures/deploy-support";
import { testActor } from "./fixtures/principal";
import { clusterSecrets, scratchDatabase, scratchFolder, topologyFolder } from "./fixtures/scratch-panel";

const panelProject = `cmpcorpus-panel-${process.pid}`;
const refProject = "cmpcorpus-ref";
const scratch = scratchFolder("cmpcorpus-");
const refDir = join(scratch, "reference");
const text = simulatedFlagsmith();
const SERVICES = ["postgres", "migrate-db", "flagsmith", "flagsmith-task-processor"];
const operator = testActor({ username: "cmpcorpus-operator" });
scratchDatabase({ dir: scratch });
// The panel asks every deploy for the cluster's secrets; this file uses none of them.
clusterSecrets({ dir: scratch });
// Added through the panel below, removed after the tests.
topologyFolder({ name: panelProject });

let run: RunResult;
let panel: Record<string, ContainerFacts> = {};
let reference: Record<string, ContainerFacts> = {};

beforeAll(async () => {
  await clearEarlierRun({ text: text, refProject });
  // Through the panel: the "Add your own compose file" path, then the deploy an operator starts.
  await addTopology({ name: panelProject, text });
  const started = await requestDeploy({ ...operator, request: dagRequest({ topology: panelProject }) });
  run = await started.done;
  panel = await factsOf(panelProject);
  await purgeProject(panelProject);

  // The reference, one after the other: postgres keeps the file's fixed container_name.
  reference = await referenceUp({ dir: refDir, project: refProject, text });
}, 600_000);

afterAll(() => removeBoth({ refDir, refProject, panelProject }));

describe("flagsmith from the corpus, on the local kit: the panel's containers against docker-compose up", () => {
  it("states every rewrite of the original file", () => {
    expect(REWRITES.length).toBeGreaterThan(0);
    expect(text).not.toContain("flagsmith/flagsmith");
    expect(text).not.toContain("8000:8000");
  });

  it("deploys healthy through the panel: postgres healthy, the migration completed, the apps running", () => {
    expect(run.error).toBeNull();
    expect(run.status).toBe("healthy");
    expect(Object.fromEntries(run.services.map((s) => [s.service, s.state]))).toEqual({
      postgres: "healthy",
      "migrate-db": "completed",
      flagsmith: "healthy",
      "flagsmith-task-processor": "healthy",
    });
  });

  it("both deployers create the same four containers", () => {
    expect(Object.keys(panel).sort()).toEqual([...SERVICES].sort());
    expect(Object.keys(reference).sort()).toEqual([...SERVICES].sort());
  });

  for (const service of SERVICES)
    it(`${service}: docker inspect field by field, every difference explained`, () => {
      const ours = panel[service] as Record<string, unknown> | undefined;
      const theirs = reference[service] as Record<string, unknown> | undefined;
      if (!ours || !theirs) throw new Error(`${service} is missing on one side`);
      expect(unexplainedFacts(ours, theirs)).toEqual([]);
    });
});
