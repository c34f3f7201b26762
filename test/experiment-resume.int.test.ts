// An experiment survives a panel SIGKILL: a child panel starts a 2-variant × 3-repetition
// experiment on a busybox topology and is killed while a repetition's deploy is in flight; a second
// child boots like server.ts, discards the cut repetition (named, with its run) and resumes at the
// next one; the experiment finishes with the finished repetitions kept and answers a verdict.
import { afterAll, describe, expect, it } from "vitest";
import { childPanel, childPanels, killGroup, until } from "./fixtures/panel-child-process";
import { purgeProject } from "./fixtures/deploy-support";
import { busyboxServiceYaml } from "./fixtures/fixture-topology";
import {
  clusterSecrets,
  scratchDatabase,
  scratchFolder,
  scratchTopologies,
  topologyFolder,
} from "./fixtures/scratch-panel";

const topology = `expkill-${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
const scratch = scratchFolder("experiment-resume-");
scratchDatabase({ dir: scratch });
scratchTopologies({ dir: scratch });
clusterSecrets({ dir: scratch });
// "slow" becomes healthy after ~4 s: the kill lands while a deploy is in flight.
topologyFolder({
  name: topology,
  files: {
    "docker-compose.yml": `name: ${topology}
services:${busyboxServiceYaml({ name: "slow", delaySeconds: 4, retries: 20 })}${busyboxServiceYaml({ name: "quick" })}`,
  },
});

const child = (args: string[]) => childPanel("test/fixtures/experiment-child.ts", args);
afterAll(async () => {
  for (const p of childPanels) killGroup(p);
  await purgeProject(topology);
});

describe("an experiment across a panel SIGKILL", () => {
  it("discards the cut repetition, names it, resumes at the next and finishes with a verdict", async () => {
    const { getExperiment } = await import("@/lib/db/experiments");
    const { getRunDetail } = await import("@/lib/db/runs");
    const first = child(["start", topology]);
    const id = await until(async () => /experiment (\S+)/.exec(first.output())?.[1]);
    // Kill while the second repetition's deploy is in flight and stored as running (the first is
    // finished). Killed before the journal's first write, the run would have no row at all: the
    // resume says so in the reason ("never stored"), and there is nothing to mark interrupted.
    const cut = await until(async () => {
      const e = await getExperiment({ id });
      const running = e?.repetitions.find((r) => r.slot === 1 && r.status === "running" && r.runId);
      const stored = running?.runId ? (await getRunDetail(running.runId))?.status === "running" : false;
      return e?.repetitions.some((r) => r.slot === 0 && r.status === "done") && stored ? running : null;
    });
    killGroup(first.process);
    const second = child(["resume"]);
    await until(async () => /resumed (\S+)/.exec(second.output())?.[1]);
    expect(second.output()).toContain(`resumed ${id}`);
    const finished = await until(async () => {
      const e = await getExperiment({ id });
      return e && !["queued", "running"].includes(e.status) ? e : null;
    }, 240_000);
    expect(finished.status, finished.reason ?? "").toBe("done");
    const bySlot = finished.repetitions.map((r) => `${r.slot}:${r.variant}:${r.status}`);
    expect(bySlot).toEqual(["0:0:done", "1:1:discarded", "2:0:done", "3:1:done", "4:0:done", "5:1:done"]);
    const discarded = finished.repetitions[1];
    expect(discarded?.reason).toBe(
      `cut by a panel restart (run ${cut.runId}): discarded, the next repetition follows`,
    );
    expect((await getRunDetail(cut.runId as string))?.status).toBe("interrupted");
    const { experimentReport } = await import("@/lib/operations/experiment-report");
    const report = await experimentReport({ id });
    const ready = report?.verdicts.find((v) => v.metric === "readyMs");
    expect(ready).toMatchObject({ n: 2, baselineN: 3 });
    expect(ready?.sentence).toContain("n = 2 and 3; cold data");
  }, 400_000);
});
