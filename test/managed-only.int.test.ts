// What a viewer may read and a rule may restart is what the panel created: a container of the same
// Compose project name that someone else started (it carries the project label, not the panel's
// managed label) is left out of the merged log view and of the alert remedy's restart.
import { afterAll, describe, expect, it } from "vitest";
import { getDocker } from "@/lib/docker/client";
import { restartServiceContainers } from "@/lib/docker/containers";
import { LABEL } from "@/lib/docker/labels";
import { clusterLogs } from "@/lib/operations/cluster-logs";
import { purgeProject, uniqueProject } from "./fixtures/deploy-support";
import { TEST_IMAGE } from "./fixtures/fixture-topology";

const project = uniqueProject();
afterAll(() => purgeProject(project));

const start = async (name: string, labels: Record<string, string>) => {
  const container = await getDocker().createContainer({
    name: `${project}-${name}`,
    Image: TEST_IMAGE,
    Cmd: ["sh", "-c", `echo line-of-${name}; sleep 300`],
    Labels: { [LABEL.project]: project, "com.docker.compose.service": name, ...labels },
  });
  await container.start();
  return container;
};

describe("the panel's own containers of a project", () => {
  it("are the only ones the log view reads and the remedy restarts", async () => {
    await start("ours", { [LABEL.managed]: "true" });
    const theirs = await start("theirs", {});
    const read = async () =>
      clusterLogs({ project, sinceMs: Date.now() - 60_000, limit: 100 }).then((logs) => ({
        services: logs.services,
        lines: logs.lines.map((l) => l.line),
      }));
    await expect.poll(async () => (await read()).lines, { timeout: 10_000 }).toEqual(["line-of-ours"]);
    expect((await read()).services).toEqual(["ours"]);
    const before = (await theirs.inspect()).State.StartedAt;
    expect(await restartServiceContainers({ project, service: "theirs" })).toEqual([]);
    expect((await theirs.inspect()).State.StartedAt).toBe(before);
  }, 60_000);

  it("say the answer is cut when a container had more lines in the range than were searched", async () => {
    const container = await getDocker().createContainer({
      name: `${project}-chatty`,
      Image: TEST_IMAGE,
      // line-1 … line-30: a search for line-1$ matches only the oldest, beyond a tail of 10.
      Cmd: ["sh", "-c", "i=1; while [ $i -le 30 ]; do echo line-$i; i=$((i+1)); done; sleep 300"],
      Labels: { [LABEL.project]: project, "com.docker.compose.service": "chatty", [LABEL.managed]: "true" },
    });
    await container.start();
    const search = (limit: number) =>
      clusterLogs({
        project,
        services: ["chatty"],
        q: "line-1$",
        regex: true,
        sinceMs: Date.now() - 60_000,
        limit,
      });
    await expect
      .poll(async () => (await search(100)).lines.map((l) => l.line), { timeout: 10_000 })
      .toEqual(["line-1"]);
    expect((await search(100)).truncated).toBe(false);
    // Only the newest 10 lines were read: nothing matched there, and the answer says it is cut.
    const cut = await search(10);
    expect(cut.lines).toEqual([]);
    expect(cut.truncated).toBe(true);
  }, 60_000);
});
