// A compose project using env_file, extends (from another file), a profile and file- and
// variable-sourced secrets, deployed through the panel's deploy path on the real engine: the
// container's environment and mounts are read back with docker inspect and an exec inside it.
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { getDocker } from "@/lib/docker/client";
import { execCommand } from "@/lib/docker/exec";
import { findProjectContainers } from "@/lib/docker/project-objects";
import { requestDeploy, requestTeardown } from "@/lib/operations/deploy";
import { dagRequest, purgeProject } from "./fixtures/deploy-support";
import { testActor } from "./fixtures/principal";
import { clusterSecrets, scratchDatabase, scratchFolder, topologyFolder } from "./fixtures/scratch-panel";

const name = `cmpfiles-${process.pid}`;
const scratch = scratchFolder("cmpfiles-int-");
const generated = join(scratch, "generated");
const API_KEY = `cmpfiles-api-key-${process.pid}`;
const operator = testActor({ username: "cmpfiles-operator" });
const files: Record<string, string> = {
  "compose.yaml": `name: ${name}
services:
  app:
    extends:
      file: ./base/base.yaml
      service: base
    env_file:
      - ./app.env
      - path: ./absent.env
        required: false
    environment:
      OVERRIDDEN: from-environment
    secrets:
      - token
      - api_key
  debug:
    image: ollamamax-test/busybox:latest
    command: ["sleep", "3600"]
    profiles: ["debug"]
    depends_on: [app]
secrets:
  token:
    file: ./token.txt
  api_key:
    environment: CMPFILES_API_KEY
`,
  "base/base.yaml": `services:
  base:
    image: ollamamax-test/busybox:latest
    command: ["sleep", "3600"]
    environment:
      FROM_BASE: "yes"
    volumes:
      - ./shared:/shared
`,
  "app.env": "FROM_FILE=1\nOVERRIDDEN=from-file\n",
  "token.txt": "file-token\n",
};

const deploy = (profiles: string[]) =>
  requestDeploy({ ...operator, request: dagRequest({ topology: name, profiles }) });

const inspectService = async (service: string) => {
  const [container] = await findProjectContainers({ project: name, service });
  if (!container) throw new Error(`no container for ${service}`);
  return getDocker().getContainer(container.id).inspect();
};

scratchDatabase({ dir: scratch });
clusterSecrets({ dir: scratch, extra: { CMPFILES_API_KEY: API_KEY } });
process.env.PANEL_GENERATED_FILES_DIR = generated;
const folder = topologyFolder({ name, files });

afterAll(() => purgeProject(name));

describe("compose files through the deploy path", () => {
  it("deploys env_file + extends + a chosen profile + secrets, as Compose would run them", async () => {
    const { done } = await deploy(["debug"]);
    const result = await done;
    expect(result.status, JSON.stringify(result.error)).toBe("healthy");
    expect(result.services.map((s) => s.service).sort()).toEqual(["app", "debug"]);
    // The variable's value reaches the container's file only, never the run's record.
    expect(JSON.stringify(result)).not.toContain(API_KEY);

    const app = await inspectService("app");
    const env = new Set(app.Config.Env);
    for (const entry of ["FROM_BASE=yes", "FROM_FILE=1", "OVERRIDDEN=from-environment"])
      expect(env).toContain(entry);
    const mounts = app.Mounts.map((m) => ({ source: m.Source, target: m.Destination, rw: m.RW }));
    expect(mounts).toEqual(
      expect.arrayContaining([
        // extends from base/: its ./shared is base/shared, not ./shared of the project.
        { source: join(folder, "base/shared"), target: "/shared", rw: true },
        { source: join(folder, "token.txt"), target: "/run/secrets/token", rw: false },
        { source: join(generated, name, "app.secret.api_key"), target: "/run/secrets/api_key", rw: false },
      ]),
    );
    const read = await execCommand({
      id: app.Id,
      command: ["cat", "/run/secrets/token", "/run/secrets/api_key"],
      timeoutMs: 5000,
    });
    expect(read).toMatchObject({ kind: "exited", exitCode: 0 });
    expect(read.kind === "exited" && read.output).toBe(`file-token\n${API_KEY}`);
    // Host side: the folder is the panel user's alone, the file read-only.
    expect(statSync(join(generated, name)).mode & 0o777).toBe(0o700);
    expect(statSync(join(generated, name, "app.secret.api_key")).mode & 0o777).toBe(0o444);
    expect(readFileSync(join(generated, name, "app.secret.api_key"), "utf8")).toBe(API_KEY);
    // A teardown removes the written secrets with the containers that mounted them.
    const teardown = await requestTeardown({ ...operator, topologyName: name, removeVolumes: false });
    expect((await teardown.done).status).toBe("torn_down");
    expect(existsSync(join(generated, name))).toBe(false);
  }, 120_000);

  it("leaves profile services out by default and refuses an unknown profile by name", async () => {
    const { done } = await deploy([]);
    const result = await done;
    expect(result.status, JSON.stringify(result.error)).toBe("healthy");
    expect(result.services.map((s) => s.service)).toEqual(["app"]);
    await purgeProject(name);
    await expect(deploy(["gpu"])).rejects.toThrow(
      /profiles: "gpu" is not a profile of topology "cmpfiles-\d+" \(its profiles: debug\)/,
    );
  }, 120_000);
});
