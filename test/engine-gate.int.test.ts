// The Engine gate on a real engine (issue 25's critical path): a topology whose volume is a
// `local` volume with `type: none, o: bind, device: /` — bind-mounting the host's root — deployed
// by an operator with the deploy-time policy check skipped (as if a key had slipped past it).
// The run fails naming the file's key and line, and the engine has no volume and no container of
// the project: nothing was sent. Once the options are plain, the same file deploys.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { panelPaths } from "@/lib/catalog/topology-policy";
import { loadTopology } from "@/lib/compose";
import { evaluatePolicy } from "@/lib/compose/policy";
import { approvedPolicyOf } from "@/lib/compose/policy-grants";
import { startDeploy } from "@/lib/deploy";
import { TEST_IMAGE } from "./fixtures/fixture-topology";
import { leftovers, purgeProject, uniqueProject } from "./fixtures/deploy-support";

const project = uniqueProject();
const dir = mkdtempSync(path.join(tmpdir(), "engine-gate-"));

const fileWith = (driverOpts: string) => `name: ${project}
services:
  app:
    image: ${TEST_IMAGE}
    command: ["sleep", "30"]
    volumes:
      - hostroot:/host
volumes:
  hostroot:
    driver: local
${driverOpts}`;

const deployAsOperator = async (text: string) => {
  const file = path.join(dir, "docker-compose.yml");
  writeFileSync(file, text);
  const loaded = await loadTopology({ file, env: {}, folderEnv: false });
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join("; "));
  const { topology } = loaded;
  const policy = approvedPolicyOf({
    topologyName: project,
    topology,
    panel: panelPaths(),
    approvedIds: new Set(),
    role: "operator",
  });
  return { topology, run: startDeploy({ topology, strategy: "dag", policy, followLogs: false }).done };
};

afterAll(async () => {
  await purgeProject(project);
  rmSync(dir, { recursive: true, force: true });
});

describe("the Engine gate on a real engine", () => {
  it("never creates the volume that bind-mounts / and names the key and line", async () => {
    const text = fileWith("    driver_opts:\n      type: none\n      o: bind\n      device: /\n");
    const { topology, run } = await deployAsOperator(text);
    const result = await run;
    const line = text.split("\n").findIndex((l) => l.includes("device: /")) + 1;
    const finding = evaluatePolicy({ topology, panel: panelPaths() }).find(
      (f) => f.path === "volumes.hostroot.driver_opts.device",
    );
    expect(finding?.line).toBe(line);
    expect(result.status).toBe("failed");
    expect(result.error?.message).toContain("volumes.hostroot.driver_opts.device");
    expect(result.error?.message).toContain(`line ${line}`);
    expect(await leftovers(project)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });

  it("deploys the same file once the volume is a plain one", async () => {
    const { run } = await deployAsOperator(fileWith(""));
    const result = await run;
    expect(result.error).toBeNull();
    expect(result.status).toBe("healthy");
  });
});
