// Two more corpus files end to end, as compose-corpus-deploy.int.test.ts does for flagsmith: each
// rewritten onto the local kit (corpus-simulated.ts lists every rewrite), put in a topology folder
// with its .env beside it as a person does (the "add" form takes a compose file alone, and
// mattermost's needs its .env to load) and deployed (requestDeploy), then the same folder brought up
// by docker-compose 1.29; every container's docker inspect compared field by field.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunResult } from "@/lib/deploy";
import { requestDeploy } from "@/lib/operations/deploy";
import {
  clearEarlierRun,
  factsOf,
  referenceUp,
  removeBoth,
  unexplainedFacts,
} from "./fixtures/corpus-deploy";
import { simulatedMattermost, simulatedPgadmin } from "./fixtures/corpus-simulated";
import type { ContainerFacts, SimulatedCorpusFile } from "./fixtures/corpus-simulated";
import { dagRequest, purgeProject } from "./fixtures/deploy-support";
import { testActor } from "./fixtures/principal";
import { clusterSecrets, scratchDatabase, scratchFolder, topologyFolder } from "./fixtures/scratch-panel";

const scratch = scratchFolder("cmpcorpus-more-");
const operator = testActor({ username: "cmpcorpus-operator" });
scratchDatabase({ dir: scratch });
clusterSecrets({ dir: scratch });

const CASES: { file: SimulatedCorpusFile; panelProject: string; refProject: string }[] = [
  {
    file: simulatedPgadmin(),
    panelProject: `cmpcorpus-pgadmin-${process.pid}`,
    refProject: "cmpcorpus-pgadmin-ref",
  },
  {
    file: simulatedMattermost(),
    panelProject: `cmpcorpus-mm-${process.pid}`,
    refProject: "cmpcorpus-mm-ref",
  },
];
// Each panel topology's folder: the file and its .env, removed after the tests.
for (const { file, panelProject } of CASES)
  topologyFolder({
    name: panelProject,
    files: { "docker-compose.yml": file.text, ...(file.dotEnv === null ? {} : { ".env": file.dotEnv }) },
  });

for (const { file, panelProject, refProject } of CASES)
  describe(`${file.project} from the corpus, on the local kit: the panel's containers against docker-compose up`, () => {
    const refDir = join(scratch, refProject);
    let run: RunResult;
    let panel: Record<string, ContainerFacts> = {};
    let reference: Record<string, ContainerFacts> = {};

    beforeAll(async () => {
      await clearEarlierRun({ text: file.text, refProject });
      const started = await requestDeploy({ ...operator, request: dagRequest({ topology: panelProject }) });
      run = await started.done;
      panel = await factsOf(panelProject);
      await purgeProject(panelProject);

      // One after the other: the files keep fixed container names.
      reference = await referenceUp({
        dir: refDir,
        project: refProject,
        text: file.text,
        dotEnv: file.dotEnv,
      });
    }, 600_000);

    afterAll(() => removeBoth({ refDir, refProject, panelProject }));

    it("states every rewrite of the original file", () => {
      expect(file.rewrites.length).toBeGreaterThan(0);
    });

    it("deploys healthy through the panel, every service ready", () => {
      expect(run.error).toBeNull();
      expect(run.status).toBe("healthy");
      expect(run.services.map((s) => s.service).sort()).toEqual([...file.services].sort());
    });

    it("both deployers create the same containers", () => {
      expect(Object.keys(panel).sort()).toEqual([...file.services].sort());
      expect(Object.keys(reference).sort()).toEqual([...file.services].sort());
    });

    for (const service of file.services)
      it(`${service}: docker inspect field by field, every difference explained`, () => {
        const ours = panel[service] as Record<string, unknown> | undefined;
        const theirs = reference[service] as Record<string, unknown> | undefined;
        if (!ours || !theirs) throw new Error(`${service} is missing on one side`);
        expect(unexplainedFacts(ours, theirs)).toEqual([]);
      });
  });
