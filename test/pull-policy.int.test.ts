// Issue 32, point 9: pull_policy against a real registry on loopback (Debian's docker-registry,
// test/fixtures/loopback-registry.ts). The registry holds v2 of an image the engine has as v1:
// missing and every_1h (a fresh tag) keep v1, always pulls v2 with per-layer progress, never
// refuses an absent image naming the policy, and missing pulls an absent one. The cluster status
// marks a container whose tag names a newer image than it runs.
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTopology } from "@/lib/compose";
import { getDocker } from "@/lib/docker/client";
import { ZClusterStatus } from "@/lib/api/schemas";
import { clusterStatus, getDeployBus, startTeardown } from "@/lib/deploy";
import type { DeployEvent, RunResult } from "@/lib/deploy";
import { startApprovedDeploy } from "./fixtures/approved-deploy";
import { leftovers, purgeProject } from "./fixtures/deploy-support";
import { TEST_IMAGE } from "./fixtures/fixture-topology";
import { runCommand } from "./fixtures/run-command";
import { REGISTRY_BINARY, startLoopbackRegistry, type LoopbackRegistry } from "./fixtures/loopback-registry";

const base = `/tmp/pull-policy-${process.pid}`;
const projects: string[] = [];
let registry: LoopbackRegistry | null = null;
let image = "";
let v1 = "";
let v2 = "";

const docker = async (args: string[], input?: string): Promise<string> =>
  (await runCommand("docker", args, { input, env: { ...process.env, DOCKER_BUILDKIT: "0" } })).trim();

/** Builds a one-layer image on the test image and answers its ID. */
const build = (version: string): Promise<string> =>
  docker(["build", "-q", "-"], `FROM ${TEST_IMAGE}\nRUN echo ${version} > /version\n`);

const deployWith = async (
  name: string,
  policy: string,
): Promise<{ run: RunResult; events: DeployEvent[]; project: string }> => {
  const dir = join(base, name);
  const project = `pull-policy-${process.pid}-${name}`;
  projects.push(project);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "docker-compose.yml"),
    `name: ${project}\nservices:\n  app:\n    image: ${image}\n    pull_policy: ${policy}\n    command: ["sleep", "3600"]\n    init: true\n`,
  );
  const loaded = await loadTopology({ file: join(dir, "docker-compose.yml"), env: {}, folderEnv: false });
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => `${e.line}: ${e.message}`).join("\n"));
  const events: DeployEvent[] = [];
  const unsubscribe = getDeployBus().subscribe((event) => events.push(event));
  const run = await startApprovedDeploy({ topology: loaded.topology, strategy: "dag" }).done;
  unsubscribe();
  return { run, events: events.filter((e) => e.runId === run.runId), project };
};

const runningImageOf = async (project: string): Promise<string | undefined> => {
  const [found] = await getDocker().listContainers({
    filters: { label: [`com.docker.compose.project=${project}`] },
  });
  return found?.ImageID;
};

const tearDown = async (project: string) => {
  await startTeardown({ project, removeVolumes: true }).done;
  expect(await leftovers(project)).toEqual({ containers: 0, networks: 0, volumes: 0 });
};

beforeAll(async () => {
  if (!existsSync(REGISTRY_BINARY)) return;
  registry = await startLoopbackRegistry();
  image = `${registry.host}/ollamamax-pull-${process.pid}/app:latest`;
  // The registry gets v1, then v2 under the same tag; the engine is left with v1 under it (an
  // image ID is its config's digest, the same after a push and a pull).
  v1 = await build("v1");
  await docker(["tag", v1, image]);
  await docker(["push", image]);
  v2 = await build("v2");
  await docker(["tag", v2, image]);
  await docker(["push", image]);
  await docker(["tag", v1, image]);
  // v2 exists only in the registry: a pull has a layer to download.
  await docker(["rmi", v2]);
}, 180_000);

afterAll(async () => {
  for (const project of projects) await purgeProject(project);
  for (const id of [image, v1, v2].filter(Boolean))
    await getDocker()
      .getImage(id)
      .remove({ force: true })
      .catch(() => undefined);
  await registry?.stop();
  rmSync(base, { recursive: true, force: true });
});

describe.skipIf(!existsSync(REGISTRY_BINARY))("pull_policy against a registry on loopback", () => {
  it("missing and a fresh every_1h keep the engine's image; always pulls the registry's with per-layer progress", async () => {
    expect(v1).not.toBe(v2);
    const missing = await deployWith("missing", "missing");
    expect(missing.run.error ?? null).toBeNull();
    expect(await runningImageOf(missing.project)).toBe(v1);
    expect(missing.events.some((e) => e.type === "image_progress")).toBe(false);
    // The status (dashboard, /api/v1 cluster status) says when the tag names a newer image than runs.
    const before = (await clusterStatus({ project: missing.project })).services[0];
    expect(before).toMatchObject({ service: "app", imageId: v1, taggedImageId: v1, imageOutdated: false });
    await docker(["pull", "-q", image]);
    const after = (await clusterStatus({ project: missing.project })).services[0];
    expect(after).toMatchObject({ service: "app", imageId: v1, taggedImageId: v2, imageOutdated: true });
    expect(ZClusterStatus.safeParse(await clusterStatus({ project: missing.project })).success).toBe(true);
    // Back as before: v1 under the tag, v2 only in the registry.
    await docker(["tag", v1, image]);
    await docker(["rmi", v2]);
    await tearDown(missing.project);

    // The tag was set moments ago: an hour has not passed.
    const refresh = await deployWith("refresh", "every_1h");
    expect(await runningImageOf(refresh.project)).toBe(v1);
    await tearDown(refresh.project);

    const always = await deployWith("always", "always");
    expect(always.run.error ?? null).toBeNull();
    expect(always.run.status).toBe("healthy");
    expect(await runningImageOf(always.project)).toBe(v2);
    const progress = always.events.flatMap((e) => (e.type === "image_progress" ? [e] : []));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.image === image)).toBe(true);
    // The new layer is downloaded from the registry, with its byte counts.
    expect(progress.some((p) => p.status === "Pull complete")).toBe(true);
    expect(always.events).toContainEqual(
      expect.objectContaining({ type: "service_state", service: "app", state: "pulling" }),
    );
    await tearDown(always.project);
  }, 240_000);

  it("never refuses an absent image naming the policy; missing pulls it", async () => {
    await getDocker()
      .getImage(image)
      .remove()
      .catch(() => undefined);
    const never = await deployWith("never", "never");
    expect(never.run.status).toBe("failed");
    expect(never.run.error?.message).toMatch(
      /is not on this host and pull_policy never \(app\) forbids pulling it/,
    );
    expect(await leftovers(never.project)).toEqual({ containers: 0, networks: 0, volumes: 0 });

    const missing = await deployWith("absent", "missing");
    expect(missing.run.error ?? null).toBeNull();
    expect(await runningImageOf(missing.project)).toBe(v2);
    await tearDown(missing.project);
  }, 240_000);
});
