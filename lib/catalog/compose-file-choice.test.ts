// A topology folder with several compose files: the panel reads the ones Compose would, and a
// person may pick others (loadPanelTopology's `files`, what a deploy request's `files` reaches).
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { loadPanelTopology, TOPOLOGIES_ROOT } from "./topologies";

const name = `files-choice-${process.pid}`;
const dir = join(TOPOLOGIES_ROOT, name);

beforeAll(() => {
  mkdirSync(dir);
  writeFileSync(join(dir, "docker-compose.yml"), "services:\n  web:\n    image: nginx:alpine\n");
  // Alphabetically first, and not a project alone (its app has neither image nor build).
  writeFileSync(join(dir, "docker-compose.without-nginx.yml"), "services:\n  app:\n    environment: [A=1]\n");
  writeFileSync(join(dir, "docker-compose.extra.yml"), "services:\n  cache:\n    image: redis:7\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("which compose files a panel topology reads", () => {
  it("by default the ones Compose chooses: docker-compose.yml, not the alphabetically first", async () => {
    const loaded = await loadPanelTopology({ name, forDisplay: true });
    expect(loaded?.entry.chosenBy).toBe("default names");
    expect(loaded?.result.ok && loaded.result.topology.services.map((s) => s.name)).toEqual(["web"]);
  });

  it("the files a person picks, in their order", async () => {
    const loaded = await loadPanelTopology({
      name,
      files: ["docker-compose.yml", "docker-compose.extra.yml"],
    });
    expect(loaded?.entry.chosenBy).toBe("request");
    expect(loaded?.result.ok && loaded.result.topology.services.map((s) => s.name)).toEqual(["web", "cache"]);
  });

  it("a pick outside the folder is a 400 naming the field", async () => {
    let caught: unknown;
    try {
      await loadPanelTopology({ name, files: ["../original/docker-compose-training.yml"] });
    } catch (error) {
      caught = error;
    }
    expect(isAppError(caught) && caught.code).toBe("bad_request");
    expect(isAppError(caught) && caught.details).toEqual({ field: "files" });
  });
});
