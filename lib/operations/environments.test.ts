// Looking an environment up by id or name: the panel's own engine, an added one, or none (which
// each caller answers as its input deserves: 404 for a path, 400 for an action's field). The stored
// environments are replaced by a list (no database here); no engine is contacted.
import { afterAll, describe, expect, it, vi } from "vitest";
import type { SealedEnvironment } from "@/lib/db/environments";
import { closeEnvironmentClient } from "@/lib/docker/engine-connection";

const lab: SealedEnvironment = {
  id: "env-1",
  name: "lab",
  url: "tcp://127.0.0.1:1",
  kind: "tcp",
  hasTls: false,
  hasSshKey: false,
  sshHostKeys: null,
  createdAt: new Date(0),
  createdBy: "ada",
  lastCheckAt: null,
  lastCheckOk: null,
  lastCheckDetail: null,
  tlsSealed: null,
  sshKeySealed: null,
};

// Opening an environment's credentials reads the session secret (here there are none to open).
vi.stubEnv("JWT_SECRET", "unit-test-secret-of-at-least-thirty-two-characters");
vi.mock("@/lib/db/environments", () => ({
  findEnvironment: async (idOrName: string) => (idOrName === lab.id || idOrName === lab.name ? lab : null),
}));

const { engineScopeFor, environmentNotFound, findEngineScope } = await import("./environments");

afterAll(() => {
  closeEnvironmentClient(lab.id);
  vi.unstubAllEnvs();
});

describe("findEngineScope", () => {
  it("finds the panel's own engine for local, empty or no name", async () => {
    for (const name of ["local", "", null, undefined])
      expect((await findEngineScope(name))?.environmentId).toBe("local");
  });

  it("finds an added environment by id and by name", async () => {
    expect(await findEngineScope("env-1")).toMatchObject({ environmentId: "env-1", environmentName: "lab" });
    expect((await findEngineScope("lab"))?.environmentId).toBe("env-1");
  });

  it("answers null for one the panel does not have; engineScopeFor makes that a 400 on the field", async () => {
    expect(await findEngineScope("gone")).toBeNull();
    await expect(engineScopeFor("gone")).rejects.toMatchObject({
      code: "bad_request",
      details: { field: "environment" },
    });
  });
});

describe("environmentNotFound", () => {
  it("is a 404 naming the environment and where the list is", () => {
    expect(environmentNotFound("gone")).toMatchObject({
      code: "not_found",
      message: 'No environment "gone": GET /api/v1/environments lists them.',
    });
  });
});
