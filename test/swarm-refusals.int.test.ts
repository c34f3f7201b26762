// A Swarm deploy refuses what it cannot honour instead of ignoring it: "start from empty data"
// (freshData), load balancer weights and a probe other than exec, at every entry point — the browser's /api/deploy, /api/v1/deploy (which the CLI
// calls) — and "run N times" (target swarm on /api/batches and /api/v1/batches). Each answers 400
// naming the field and saying why, and nothing is created: no run, no batch, no audit of a start,
// no container or volume. The shared engine is no swarm manager, so a Swarm deploy that got past
// these checks would be refused for the target instead: the field named proves which check spoke.
import { execFileSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { as, expectRefused, name, project, setUpApiPanel } from "./fixtures/api-v1-panel";
import { callRoute } from "./fixtures/panel-route";
import { testPrincipal } from "./fixtures/principal";

setUpApiPanel();

let operatorToken = "";
beforeAll(async () => {
  const { issueToken } = await import("@/lib/auth/api-tokens");
  const { createUser } = await import("@/lib/db/users");
  const user = await createUser({ username: "panel-operator", passwordHash: "x", role: "operator" });
  const principal = { ...testPrincipal({ username: user.username }), userId: user.id };
  operatorToken = (await issueToken({ principal, address: null, name: "panel routes", role: "operator" }))
    .token;
});

/** Calls one of the panel's own routes (the browser's) with the operator's token. */
const panelRoute = async (path: "/api/deploy" | "/api/batches", body: unknown) => {
  const { POST } =
    path === "/api/deploy" ? await import("@/app/api/deploy/route") : await import("@/app/api/batches/route");
  const answer = await callRoute({ handler: POST, path, token: operatorToken, body });
  return {
    status: answer.status,
    message: answer.body.error?.message ?? "",
    details: answer.body.error?.details,
  };
};

/** Runs, batches, deploy.start audits, and the project's containers and volumes on the engine. */
const created = async () => {
  const { getPrisma } = await import("@/lib/db/client");
  const prisma = getPrisma();
  const docker = (what: "ps" | "volume") =>
    execFileSync("docker", [
      ...(what === "ps" ? ["ps", "-a"] : ["volume", "ls"]),
      "-q",
      "--filter",
      `label=com.docker.compose.project=${project}`,
    ])
      .toString()
      .trim();
  return {
    runs: await prisma.run.count(),
    batches: await prisma.batch.count(),
    starts: await prisma.auditEvent.count({ where: { action: { in: ["deploy.start", "batch.start"] } } }),
    containers: docker("ps"),
    volumes: docker("volume"),
  };
};

const swarmDeploy = { topology: name, strategy: "dag", target: "swarm" };
const nothing = { runs: 0, batches: 0, starts: 0, containers: "", volumes: "" };

describe("what a Swarm deploy refuses, at every entry point", () => {
  it("answers freshData, weights or a non-exec probe with target swarm by a 400 naming it, creating nothing", async () => {
    expect(await created()).toEqual(nothing);
    await expectRefused(
      "operator",
      {
        method: "POST",
        path: "/api/v1/deploy",
        body: { ...swarmDeploy, freshData: true },
      },
      "freshData",
    );
    const v1 = await as("operator", {
      method: "POST",
      path: "/api/v1/deploy",
      body: { ...swarmDeploy, freshData: true },
    });
    expect((v1.body as { error: { message: string } }).error.message).toMatch(
      /^freshData: start from empty data is not available with target swarm: the named volumes live on the Swarm nodes/,
    );

    const panel = await panelRoute("/api/deploy", { ...swarmDeploy, freshData: true, profiles: [] });
    expect(panel.status, panel.message).toBe(400);
    expect(panel.details?.map((d) => d.path)).toEqual(["freshData"]);
    expect(panel.message).toContain("not available with target swarm");
    expect(await created()).toEqual(nothing);

    // Load balancer weights and a probe other than exec are refused the same way, each field named.
    const more = { ...swarmDeploy, weights: { leader: 3 }, probe: "auto" };
    await expectRefused("operator", { method: "POST", path: "/api/v1/deploy", body: more }, "weights");
    await expectRefused("operator", { method: "POST", path: "/api/v1/deploy", body: more }, "probe");
    const panelMore = await panelRoute("/api/deploy", { ...more, weights: { worker: 2 }, probe: "docker" });
    expect(panelMore.status, panelMore.message).toBe(400);
    expect(panelMore.details?.map((d) => d.path)).toEqual(["weights", "probe"]);
    expect(await created()).toEqual(nothing);

    // Without them (the form's empty weights and profiles included) the same request gets as far as the target (this engine is no manager).
    const target = await panelRoute("/api/deploy", {
      ...swarmDeploy,
      weights: {},
      profiles: [],
      probe: "exec",
    });
    expect(target.status, target.message).toBe(400);
    expect(target.message).toContain("needs a swarm manager");
    expect(await created()).toEqual(nothing);
  });

  it("answers a batch with target swarm by a 400 naming target, creating nothing", async () => {
    const batch = { ...swarmDeploy, times: 2 };
    await expectRefused("operator", { method: "POST", path: "/api/v1/batches", body: batch }, "target");
    const v1 = await as("operator", { method: "POST", path: "/api/v1/batches", body: batch });
    expect((v1.body as { error: { message: string } }).error.message).toMatch(
      /^target: Run N times is not available with target swarm/,
    );
    for (const body of [batch, { ...batch, freshData: true }]) {
      const panel = await panelRoute("/api/batches", body);
      expect(panel.status, panel.message).toBe(400);
      expect(panel.details?.map((d) => d.path)).toEqual(["target"]);
      expect(panel.message).toContain("Run N times is not available with target swarm");
    }
    expect(await created()).toEqual(nothing);
  });
});
