// "Deploy this again" on the real engine through /api/v1 (answers checked against the OpenAPI
// document): the redeploy runs the image ID the past run ran even after its tag moved to another
// image; an ID gone from the engine is refused with the tag's current one offered, and accepted on
// a second request; a running topology, an unknown run, a teardown run are refused; a stored file
// today's policy refuses is refused like any deploy (never bypassed). Nothing is left behind.
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dockerOptions } from "@/lib/docker/client";
import {
  as,
  dataOf,
  expectRefused,
  follow,
  name as balancedTopology,
  project as balancedProject,
  setUpApiPanel,
} from "./fixtures/api-v1-panel";
import { purgeProject } from "./fixtures/deploy-support";
import { TEST_IMAGE } from "./fixtures/fixture-topology";
import { topologyFolder } from "./fixtures/scratch-panel";

setUpApiPanel({ effectiveFiles: true });
const topology = `redeploy-${process.pid}${Math.random().toString(36).slice(2, 5)}`;
const repo = `ollamamax-test/${topology}`;
const tag = `${repo}:v`;
topologyFolder({
  name: topology,
  files: {
    "docker-compose.yml": `name: ${topology}
services:
  app:
    image: ${tag}
    command: ["sleep", "3600"]
    network_mode: none
`,
  },
});
const docker = new Docker(dockerOptions(process.env.DOCKER_HOST));
/** Two images of our own (distinct IDs), so one can be removed without touching shared ones. */
const images = { first: "", second: "" };

const commitImage = async (label: string): Promise<string> => {
  const container = await docker.createContainer({
    Image: TEST_IMAGE,
    Cmd: ["true"],
    HostConfig: { NetworkMode: "none" },
  });
  const committed = (await container.commit({ changes: `LABEL redeploy-test=${label}` })) as { Id: string };
  await container.remove({ force: true });
  return committed.Id;
};
const tagAs = async (id: string) => docker.getImage(id).tag({ repo, tag: "v" });
const appImage = async (): Promise<string> => {
  const [container] = await docker.listContainers({
    all: true,
    filters: { label: [`com.docker.compose.project=${topology}`] },
  });
  if (!container) throw new Error("no container of the project");
  return (await docker.getContainer(container.Id).inspect()).Image;
};
const projectContainers = async () =>
  docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${topology}`] } });

const started = async (answer: { status: number; body: unknown }) => {
  expect(answer.status, JSON.stringify(answer.body)).toBe(202);
  return dataOf<{ runId: string; redeployOf?: string }>(answer);
};
const deploy = async () =>
  started(
    await as("operator", { method: "POST", path: "/api/v1/deploy", body: { topology, strategy: "dag" } }),
  );
const teardown = async () => {
  const { runId } = await started(
    await as("operator", { method: "POST", path: "/api/v1/teardown", body: { topology } }),
  );
  expect((await follow(runId)).status).toBe("torn_down");
  return runId;
};
const redeploy = (id: string, body: unknown = {}) =>
  as("operator", { method: "POST", path: `/api/v1/runs/${id}/redeploy`, body });
/** The effective file is stored once the journal stored the run: wait for it. */
const effectiveStored = async (runId: string) => {
  const { getEffectiveTopologies } = await import("@/lib/db/effective-files");
  for (let i = 0; i < 100 && !(await getEffectiveTopologies([runId])).has(runId); i++)
    await new Promise((r) => setTimeout(r, 100));
  expect((await getEffectiveTopologies([runId])).has(runId)).toBe(true);
};

beforeAll(async () => {
  images.first = await commitImage("first");
  images.second = await commitImage("second");
  expect(images.first).not.toBe(images.second);
  await tagAs(images.first);
});

afterAll(async () => {
  await purgeProject(topology);
  for (const id of [`${tag}`, images.first, images.second])
    await docker
      .getImage(id)
      .remove({ force: true })
      .catch(() => undefined);
});

describe("POST /api/v1/runs/{id}/redeploy", () => {
  let past = "";

  it("deploys the past run's image ID even after its tag moved to another image, and links the runs", async () => {
    past = (await deploy()).runId;
    expect((await follow(past)).status).toBe("healthy");
    expect(await appImage()).toBe(images.first);
    await effectiveStored(past);
    // While it runs: refused, naming the topology, and nothing changes.
    const busy = await redeploy(past);
    expect(busy.status).toBe(409);
    expect(JSON.stringify(busy.body)).toContain(`${topology} (project ${topology}) is running`);
    await teardown();

    await tagAs(images.second);
    const again = await started(await redeploy(past));
    expect(again.redeployOf).toBe(past);
    expect((await follow(again.runId)).status).toBe("healthy");
    expect(await appImage()).toBe(images.first);
    const run = dataOf<{ settings: Record<string, unknown> }>(
      await as("viewer", { method: "GET", path: `/api/v1/runs/${again.runId}` }),
    );
    expect(run.settings.redeployOf).toBe(past);
    const { getRunDetail, redeploysOf } = await import("@/lib/db/runs");
    const pastRun = await getRunDetail(past);
    expect(await redeploysOf({ runId: past, topology, startedAt: pastRun?.startedAt ?? new Date() })).toEqual(
      [again.runId],
    );
    await teardown();
  }, 240_000);

  it("refuses an image ID gone from the engine, offering the tag's current one; accepted, runs that", async () => {
    await docker.getImage(images.first).remove({ force: true });
    const refused = await redeploy(past);
    expect(refused.status).toBe(409);
    const error = (refused.body as { error: { message: string; details: { images: unknown[] } } }).error;
    expect(error.message).toContain(`${tag}: ${images.first} is gone, the tag now names ${images.second}`);
    expect(error.details.images).toEqual([{ image: tag, storedId: images.first, currentId: images.second }]);
    expect(await projectContainers()).toEqual([]);

    const accepted = await started(await redeploy(past, { acceptCurrentImages: true }));
    expect((await follow(accepted.runId)).status).toBe("healthy");
    expect(await appImage()).toBe(images.second);
    await teardown();
  }, 240_000);

  it("refuses an unknown run (404), a teardown run (409), an unknown field (400)", async () => {
    await expectRefused(
      "operator",
      { method: "POST", path: "/api/v1/runs/no-such-run/redeploy", body: {} },
      null,
      404,
    );
    await expectRefused(
      "operator",
      { method: "POST", path: `/api/v1/runs/${past}/redeploy`, body: { colour: 1 } },
      "colour",
    );
    await expectRefused(
      "viewer",
      { method: "POST", path: `/api/v1/runs/${past}/redeploy`, body: {} },
      null,
      403,
    );
    await expectRefused(
      "deployOther",
      { method: "POST", path: `/api/v1/runs/${past}/redeploy`, body: {} },
      null,
      403,
    );
    const torn = await teardown();
    const refused = await redeploy(torn);
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body)).toContain("only a deploy can be deployed again");
  }, 120_000);

  it("judges the stored file by today's policy: a file it refuses is refused like any deploy", async () => {
    const { getEffectiveTopologies, storeEffectiveTopology } = await import("@/lib/db/effective-files");
    const stored = (await getEffectiveTopologies([past])).get(past);
    if (!stored) throw new Error("no stored file");
    // As if the policy had changed since: the stored file mounts the host's /etc.
    const [app] = stored.topology.services;
    if (!app) throw new Error("no service");
    await storeEffectiveTopology({
      runId: past,
      masked: stored.masked,
      topology: {
        ...stored.topology,
        services: [
          { ...app, volumes: [{ type: "bind", source: "/etc", target: "/host-etc", readOnly: true }] },
        ],
      },
    });
    const refused = await redeploy(past, { acceptCurrentImages: true });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain("The deploy policy refuses");
    expect(await projectContainers()).toEqual([]);
  }, 60_000);

  it("redeploys a topology with a load balancer: its generated files are made again and it reaches healthy", async () => {
    const body = { topology: balancedTopology };
    const first = await started(
      await as("operator", { method: "POST", path: "/api/v1/deploy", body: { ...body, strategy: "phased" } }),
    );
    expect((await follow(first.runId)).status).toBe("healthy");
    await effectiveStored(first.runId);
    const down = await started(await as("operator", { method: "POST", path: "/api/v1/teardown", body }));
    expect((await follow(down.runId)).status).toBe("torn_down");

    const again = await started(await redeploy(first.runId));
    expect((await follow(again.runId)).status).toBe("healthy");
    const [balancer] = await docker.listContainers({
      filters: {
        label: [`com.docker.compose.project=${balancedProject}`, "com.docker.compose.service=load-balancer"],
      },
    });
    if (!balancer) throw new Error("no load balancer");
    const mounts = (await docker.getContainer(balancer.Id).inspect()).Mounts.map((m) => m.Destination).sort();
    // The folder's nginx.conf (rewritten by the panel to include its upstream) and the generated upstream folder.
    expect(mounts).toEqual(["/etc/nginx/nginx.conf", "/etc/nginx/ollamamax-panel"]);
    const run = dataOf<{ settings: Record<string, unknown>; strategy: string }>(
      await as("viewer", { method: "GET", path: `/api/v1/runs/${again.runId}` }),
    );
    expect(run).toMatchObject({ strategy: "phased", settings: { redeployOf: first.runId } });
    const last = await started(await as("operator", { method: "POST", path: "/api/v1/teardown", body }));
    expect((await follow(last.runId)).status).toBe("torn_down");
  }, 300_000);
});
