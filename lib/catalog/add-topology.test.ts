// What addTopology (POST /api/topologies) refuses at the trust boundary: a project name another
// topology uses, a file whose required variables are missing but which the policy refuses anyway,
// and files it names outside its folder; and what the Topology page redacts of what env files held.
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { addTopology } from "./add-topology";
import { loadPanelTopology, TOPOLOGIES_ROOT } from "./topologies";

const name = `addtest-${process.pid}`;
afterEach(() => rmSync(join(TOPOLOGIES_ROOT, name), { recursive: true, force: true }));

/** The AppError addTopology throws for `text`, or an error when it accepts the file. */
const refusal = async (text: string, admin = false): Promise<{ code: string; message: string }> => {
  try {
    await addTopology({ name, text, admin });
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { code: error.code, message: error.message };
  }
  throw new Error("the file was accepted");
};

describe("addTopology at the trust boundary", () => {
  it("refuses another topology's project name with a clear 400, and writes nothing", async () => {
    const answer = await refusal("name: optimized\nservices:\n  app:\n    image: busybox\n");
    expect(answer.code).toBe("bad_request");
    expect(answer.message).toMatch(
      /name: "optimized" \(project "optimized"\) is the project of topology "optimized": a topology may not take another topology's project name/,
    );
    expect(existsSync(join(TOPOLOGIES_ROOT, name))).toBe(false);
  });

  it("judges a file with a missing ${VAR:?} by the deploy policy before storing it", async () => {
    const answer = await refusal(
      'services:\n  app:\n    image: "busybox:${NEED_IT:?set NEED_IT}"\n    privileged: true\n',
    );
    expect(answer.code).toBe("bad_request");
    expect(answer.message).toMatch(/line 4: services\.app\.privileged: .*\(rule privileged;/);
    expect(existsSync(join(TOPOLOGIES_ROOT, name))).toBe(false);
  });

  it("does not read an env file outside its folder for a file with a missing ${VAR:?}", async () => {
    const answer = await refusal(
      'services:\n  app:\n    image: "busybox:${NEED_IT:?set NEED_IT}"\n    env_file: /etc/hostname\n',
      true,
    );
    expect(answer.message).toMatch(
      /line 4: services\.app\.env_file: "\/etc\/hostname" is not a file this topology may read/,
    );
  });

  it("stores a file that passes, with its required variables missing", async () => {
    const added = await addTopology({
      name,
      text: 'services:\n  app:\n    image: "busybox:${NEED_IT:?x}"\n',
    });
    expect(added.policy).toEqual([]);
    expect(existsSync(join(TOPOLOGIES_ROOT, name, "docker-compose.yml"))).toBe(true);
  });
});

describe("the Topology page's redaction", () => {
  it("redacts every value an env file held, whatever its variable is called", async () => {
    const folder = join(TOPOLOGIES_ROOT, name);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "plain.env"), "GREETING=hello-from-env-file\n");
    writeFileSync(join(folder, ".env"), "FOLDER_NOTE=note-from-folder-env\n");
    writeFileSync(
      join(folder, "docker-compose.yml"),
      'services:\n  app:\n    image: busybox\n    env_file: ./plain.env\n    labels:\n      note: "${FOLDER_NOTE}"\n',
    );
    const shown = await loadPanelTopology({ name, forDisplay: true });
    const text = JSON.stringify(shown?.result);
    expect(shown?.result.ok).toBe(true);
    expect(text).not.toContain("hello-from-env-file");
    expect(text).not.toContain("note-from-folder-env");
    // Deploys load without redaction and keep the values.
    const deployed = await loadPanelTopology({ name });
    expect(deployed?.result.ok && deployed.result.topology.services[0]?.environment).toMatchObject({
      GREETING: "hello-from-env-file",
    });
    expect(deployed?.readVariables.map((v) => v.name).sort()).toEqual(["FOLDER_NOTE", "GREETING"]);
  });
});
