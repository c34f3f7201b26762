// A corpus file end to end: flagsmith's docker-compose.yml (postgres with a health check, a one-shot
// migration, two apps waiting on it), images swapped for the local kit (corpus-simulated.ts lists
// every rewrite), added and deployed through the panel (addTopology → requestDeploy), then the same
// text brought up by docker-compose 1.29 (`-p cmpcorpus-ref up -d`). Each container's docker inspect
// is compared field by field; the differences left are explained below, by value.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addTopology } from "@/lib/catalog/add-topology";
import { getDocker } from "@/lib/docker/client";
import type { RunResult } from "@/lib/deploy";
import { requestDeploy } from "@/lib/operations/deploy";
import { containerFacts, REWRITES, simulatedFlagsmith } from "./fixtures/corpus-simulated";
import type { ContainerFacts } from "./fixtures/corpus-simulated";
import { dagRequest, dockerCompose, purgeProject } from "./fixtures/deploy-support";
import { testActor } from "./fixtures/principal";
import { clusterSecrets, scratchDatabase, scratchFolder, topologyFolder } from "./fixtures/scratch-panel";

const COMPOSE = "/usr/bin/docker-compose";
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

const factsOf = async (project: string): Promise<Record<string, ContainerFacts>> => {
  const docker = getDocker();
  const listed = await docker.listContainers({
    all: true,
    filters: { label: [`com.docker.compose.project=${project}`] },
  });
  const facts: Record<string, ContainerFacts> = {};
  for (const container of listed) {
    const info = await docker.getContainer(container.Id).inspect();
    facts[info.Config.Labels["com.docker.compose.service"] ?? "?"] = containerFacts(info, project);
  }
  return facts;
};

/** A difference between the two deployers, and the explanation that must cover its values. */
type Explained = { field: string; why: string; covers: (panel: unknown, reference: unknown) => boolean };

const EXPLAINED: Explained[] = [
  {
    field: "restart",
    why:
      'no restart policy in the file: 1.29 leaves RestartPolicy.Name empty, the panel writes "no"; ' +
      "the Engine reads an empty name as no, so the containers behave the same",
    covers: (panel, reference) =>
      JSON.stringify(panel) === JSON.stringify({ Name: "no", MaximumRetryCount: 0 }) &&
      JSON.stringify(reference) === JSON.stringify({ Name: "", MaximumRetryCount: 0 }),
  },
];

let run: RunResult;
let panel: Record<string, ContainerFacts> = {};
let reference: Record<string, ContainerFacts> = {};

beforeAll(async () => {
  // Through the panel: the "Add your own compose file" path, then the deploy an operator starts.
  addTopology({ name: panelProject, text });
  const started = await requestDeploy({ ...operator, request: dagRequest({ topology: panelProject }) });
  run = await started.done;
  panel = await factsOf(panelProject);
  await purgeProject(panelProject);

  // The reference, one after the other: postgres keeps the file's fixed container_name.
  execFileSync("mkdir", ["-p", refDir]);
  writeFileSync(join(refDir, "docker-compose.yml"), text);
  dockerCompose(["-p", refProject, "up", "-d"], refDir);
  reference = await factsOf(refProject);
}, 600_000);

afterAll(async () => {
  try {
    execFileSync(COMPOSE, ["-p", refProject, "down", "-v", "--remove-orphans"], {
      cwd: refDir,
      stdio: "pipe",
    });
  } catch {
    await purgeProject(refProject);
  }
  await purgeProject(panelProject);
});

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
      const unexplained: { field: string; panel: unknown; reference: unknown }[] = [];
      for (const field of Object.keys(theirs)) {
        if (JSON.stringify(ours[field]) === JSON.stringify(theirs[field])) continue;
        const explanation = EXPLAINED.find(
          (entry) => entry.field === field && entry.covers(ours[field], theirs[field]),
        );
        if (!explanation) unexplained.push({ field, panel: ours[field], reference: theirs[field] });
      }
      expect(unexplained).toEqual([]);
    });
});
