// /api/v1 end to end on a real panel database and the real engine: every route is called through
// the handlers Next serves with tokens of each role, and every answer is checked against the
// OpenAPI document generated from the same schemas. A small cluster (two nodes behind the load
// balancer) is deployed, followed over Server-Sent Events, scaled up and down, latency-tested,
// compared, torn down, deployed again and cancelled. Bad input: api-v1-input.int.test.ts.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import {
  apiClient,
  as,
  dataOf,
  expectRefused,
  follow,
  name,
  project,
  setUpApiPanel,
} from "./fixtures/api-v1-panel";

setUpApiPanel();

describe("/api/v1", () => {
  it("serves its OpenAPI document publicly and refuses callers without a valid token", async () => {
    const doc = await apiClient().call({ method: "GET", path: "/api/v1/openapi.json" });
    expect(doc.status).toBe(200);
    expect((doc.body as { openapi: string }).openapi).toBe("3.1.0");
    await expectRefused("viewer", { method: "GET", path: "/api/v1/openapi.json?x=1" }, "x");
    const anonymous = await apiClient().call({ method: "GET", path: `/api/v1/status?topology=${name}` });
    expect(anonymous.status).toBe(401);
    const forged = await apiClient().call({ method: "GET", path: "/api/v1/runs", token: "omx_not-a-token" });
    expect(forged.status).toBe(401);
    const viewerDeploys = await as("viewer", {
      method: "POST",
      path: "/api/v1/deploy",
      body: { topology: name, strategy: "dag" },
    });
    expect(viewerDeploys.status).toBe(403);
    const scoped = await as("deployOther", {
      method: "POST",
      path: "/api/v1/deploy",
      body: { topology: name, strategy: "dag" },
    });
    expect(scoped.status).toBe(403);
    expect((scoped.body as { error: { message: string } }).error.message).toContain("some-other-topology");
  });

  it("lists topologies by cursor and answers one with its analysis", async () => {
    type Page = { items: { name: string }[]; nextCursor: string | null };
    const first = dataOf<Page>(await as("viewer", { method: "GET", path: "/api/v1/topologies?limit=1" }));
    expect(first.items.map((t) => t.name)).toEqual([name]);
    expect(first.nextCursor).not.toBeNull();
    const second = dataOf<Page>(
      await as("viewer", { method: "GET", path: `/api/v1/topologies?limit=1&cursor=${first.nextCursor}` }),
    );
    expect(second.items.map((t) => t.name)).toEqual([`${name}-broken`]);
    expect(second.nextCursor).toBeNull();
    // A file that does not load is answered with its errors, not an error.
    const broken = dataOf<{ analysis: null; errors: { message: string }[] }>(
      await as("viewer", { method: "GET", path: `/api/v1/topologies/${name}-broken` }),
    );
    expect(broken.analysis).toBeNull();
    expect(broken.errors.map((e) => e.message).join(" ")).toContain("nowhere");
    const one = dataOf<{
      project: string;
      preflight: { ok: boolean } | null;
      hostError: string | null;
      topology: { services: { name: string }[] };
      analysis: { phases: { name: string }[]; maxDepth: number };
    }>(await as("viewer", { method: "GET", path: `/api/v1/topologies/${name}` }));
    expect(one.project).toBe(project);
    // The Topology page's preflight, fitted to this host (the engine answers in this test).
    expect(one.preflight).not.toBeNull();
    expect(one.hostError).toBeNull();
    expect(one.topology.services.map((svc) => svc.name).sort()).toEqual([
      "load-balancer",
      "ollama-node-1",
      "ollama-node-2",
    ]);
    expect(one.analysis.phases.map((p) => p.name)).toEqual(["Leader", "Workers", "Load Balancer"]);
    expect(one.analysis.maxDepth).toBe(3);
    await expectRefused("viewer", { method: "GET", path: "/api/v1/topologies/no-such-topology" }, null, 404);
    await expectRefused("viewer", { method: "GET", path: "/api/v1/topologies?limit=0" }, "limit");
    await expectRefused("viewer", { method: "GET", path: "/api/v1/topologies?cursor=%%%" }, "cursor");
    // The prediction's input: each bad parameter named; an unknown topology or what-if service refused.
    const predict = `/api/v1/topologies/${name}/prediction`;
    await expectRefused("viewer", { method: "GET", path: `${predict}?strategy=fast` }, "strategy");
    await expectRefused("viewer", { method: "GET", path: `${predict}?fit=tight` }, "fit");
    await expectRefused("viewer", { method: "GET", path: `${predict}?service=ollama-node-1` }, "cpus");
    await expectRefused("viewer", { method: "GET", path: `${predict}?cpus=2` }, "service");
    await expectRefused(
      "viewer",
      { method: "GET", path: `${predict}?service=ollama-node-1&cpus=-1` },
      "cpus",
    );
    await expectRefused("viewer", { method: "GET", path: `${predict}?service=nowhere&cpus=1` }, null);
    await expectRefused(
      "viewer",
      { method: "GET", path: "/api/v1/topologies/no-such-topology/prediction" },
      null,
      404,
    );
  });

  it("answers a topology's analysis report as JSON and Markdown, refusing a bad format or vs by name", async () => {
    // Before any deploy: architecture and risks from the model, bottlenecks "not measured".
    const report = dataOf<{
      architecture: { loadBalancer: { source: string; targets: { service: string }[] } | null };
      bottlenecks: unknown;
      notMeasured: string | null;
      expectedImprovement: { measured: boolean; command?: string };
    }>(await as("viewer", { method: "GET", path: `/api/v1/topologies/${name}/report` }));
    // Not deployed yet: the targets and weights of the topology's own nginx file.
    expect(report.architecture.loadBalancer?.source).toBe("shipped");
    expect(report.architecture.loadBalancer?.targets.map((t) => t.service)).toEqual(
      expect.arrayContaining(["ollama-node-1", "ollama-node-2"]),
    );
    expect(report.notMeasured ?? "").toContain("ollamamax deploy");
    expect(report.expectedImprovement).toMatchObject({ measured: false });
    const md = await as("viewer", { method: "GET", path: `/api/v1/topologies/${name}/report?format=md` });
    expect(md.status).toBe(200);
    expect(md.contentType).toContain("text/markdown");
    expect(md.text).toContain(`# Analysis report: ${name}`);
    await expectRefused(
      "viewer",
      { method: "GET", path: `/api/v1/topologies/${name}/report?format=doc` },
      "format",
    );
    await expectRefused(
      "viewer",
      { method: "GET", path: `/api/v1/topologies/${name}/report?vs=no-such` },
      "vs",
    );
    await expectRefused(
      "viewer",
      { method: "GET", path: "/api/v1/topologies/no-such-topology/report" },
      null,
      404,
    );
  });

  it("deploys, follows the run over SSE, lists and reads it, scales, latency-tests, compares, tears down and cancels", async () => {
    const started = await as("operator", {
      method: "POST",
      path: "/api/v1/deploy",
      body: { topology: name, strategy: "dag", fit: "none", health: { intervalS: 1 } },
    });
    expect(started.status, started.text).toBe(202);
    const { runId } = dataOf<{ runId: string; project: string }>(started);
    const busy = await as("operator", {
      method: "POST",
      path: "/api/v1/deploy",
      body: { topology: name, strategy: "dag" },
    });
    expect(busy.status).toBe(409);

    const live = await follow(runId);
    expect(live.status, JSON.stringify(live.events.slice(-5))).toBe("healthy");
    const types = live.events.map((e) => e.event);
    expect(types[0]).toBe("run_started");
    expect(types).toContain("phase");
    expect(types.at(-2)).toBe("run_finished");
    // Each streamed event matches the document's event schema.
    const eventsOp = (await apiClient().call({ method: "GET", path: "/api/v1/openapi.json" })).body as {
      paths: Record<
        string,
        {
          get: {
            responses: Record<
              string,
              {
                content: Record<
                  string,
                  { schema: { properties: { data: { properties: { items: { items: object } } } } } }
                >;
              }
            >;
          };
        }
      >;
    };
    const eventSchema =
      eventsOp.paths["/api/v1/runs/{id}/events"]!.get.responses["200"]!.content["application/json"]!.schema
        .properties.data.properties.items.items;
    for (const e of live.events.slice(0, -1))
      expect(apiClient().validate(eventSchema, e.data), e.event).toBeNull();

    // A late reader gets the stored events and the end at once.
    const replay = await follow(runId, 20_000);
    expect(replay.events.map((e) => e.event)).toEqual(types);

    const detail = dataOf<{
      status: string;
      kind: string;
      phases: { name: string }[];
      services: { service: string }[];
      settings: { strategy: string };
    }>(await as("viewer", { method: "GET", path: `/api/v1/runs/${runId}` }));
    expect(detail).toMatchObject({ status: "healthy", kind: "deploy", settings: { strategy: "dag" } });
    expect(detail.phases.map((p) => p.name)).toEqual(["Leader", "Workers", "Load Balancer"]);
    // The deploy recorded the model's prediction (no earlier run: health-check timings) beside its measured startup.
    const times = dataOf<{ predictedMs: number | null; startupMs: number | null }>(
      await as("viewer", { method: "GET", path: `/api/v1/runs/${runId}` }),
    );
    expect(times.predictedMs).toBeGreaterThan(0);
    expect(times.startupMs).toBeGreaterThan(0);
    // The next prediction of a deploy with the file's values does not read this run: it overrode the
    // health checks (intervalS 1), a condition of its own (PREDICTION.md), so every service stands on
    // its health check's timing and the answer says which choices its basis shares.
    const prediction = dataOf<{
      basis: { kind: string; runIds: string[]; conditions: { overrides: Record<string, unknown> } };
      neverMeasured: string[];
      criticalPath: { service: string }[];
    }>(
      await as("viewer", {
        method: "GET",
        path: `/api/v1/topologies/${name}/prediction?strategy=dag&fit=none`,
      }),
    );
    expect(prediction.basis).toMatchObject({ kind: "none", runIds: [] });
    expect(prediction.basis.conditions.overrides).toEqual({
      health: {},
      limits: {},
      probe: "default",
      tuning: {},
    });
    expect(prediction.neverMeasured.length).toBeGreaterThan(0);
    expect(prediction.criticalPath.length).toBeGreaterThan(0);
    // The resource history and the merged log view of the running cluster answer as the document says.
    const history = await as("viewer", { method: "GET", path: `/api/v1/stats/history?topology=${name}` });
    expect(history.status, history.text).toBe(200);
    const logs = await as("viewer", { method: "GET", path: `/api/v1/logs?topology=${name}` });
    expect(logs.status, logs.text).toBe(200);
    expect(detail.services.map((s) => s.service).sort()).toEqual([
      "load-balancer",
      "ollama-node-1",
      "ollama-node-2",
    ]);

    const status = dataOf<{ project: string; services: { service: string; health: string | null }[] }>(
      await as("viewer", { method: "GET", path: `/api/v1/status?topology=${name}` }),
    );
    expect(status.project).toBe(project);
    expect(status.services.map((s) => s.service).sort()).toEqual([
      "load-balancer",
      "ollama-node-1",
      "ollama-node-2",
    ]);

    const page = dataOf<{ items: unknown[]; nextCursor: string | null }>(
      await as("viewer", { method: "GET", path: `/api/v1/runs/${runId}/events?limit=3` }),
    );
    expect(page.items).toHaveLength(3);
    expect(page.nextCursor).not.toBeNull();
    const rest = dataOf<{ items: { type: string }[] }>(
      await as("viewer", {
        method: "GET",
        path: `/api/v1/runs/${runId}/events?limit=5000&cursor=${page.nextCursor}`,
      }),
    );
    expect(page.items.length + rest.items.length).toBe(types.length - 1);

    const up = await as("operator", {
      method: "POST",
      path: "/api/v1/scale",
      body: { topology: name, direction: "up", count: 1 },
    });
    expect(up.status, up.text).toBe(202);
    expect((await follow(dataOf<{ runId: string }>(up).runId)).status).toBe("healthy");
    const down = await as("operator", {
      method: "POST",
      path: "/api/v1/scale",
      body: { topology: name, direction: "down" },
    });
    expect(down.status, down.text).toBe(202);
    expect((await follow(dataOf<{ runId: string }>(down).runId)).status).toBe("healthy");

    const latency = await as("operator", {
      method: "POST",
      path: "/api/v1/latency",
      body: { topology: name, requests: 5, concurrency: 1, durationS: 1 },
    });
    expect(latency.status, latency.text).toBe(202);
    const latencyRun = dataOf<{ runId: string }>(latency).runId;
    await follow(latencyRun);

    const csv = await as("viewer", {
      method: "GET",
      path: `/api/v1/compare?ids=${runId},${latencyRun}&format=csv`,
    });
    expect(csv.contentType).toBe("text/csv");
    expect(csv.text.split("\n").length).toBeGreaterThan(3);
    const md = await as("viewer", { method: "GET", path: `/api/v1/compare?ids=${runId},${runId}&format=md` });
    expect(md.contentType).toBe("text/markdown");
    expect(md.text).toContain("|");
    const table = dataOf<{ headers: string[] }>(
      await as("viewer", { method: "GET", path: `/api/v1/compare?ids=${runId},${latencyRun}` }),
    );
    expect(table.headers).toHaveLength(2);

    const teardown = await as("operator", {
      method: "POST",
      path: "/api/v1/teardown",
      body: { topology: name, removeVolumes: true },
    });
    expect(teardown.status, teardown.text).toBe(202);
    expect((await follow(dataOf<{ runId: string }>(teardown).runId)).status).toBe("torn_down");

    // "Run N times": two phased deploys, each torn down, under one batch.
    const batch = await as("operator", {
      method: "POST",
      path: "/api/v1/batches",
      body: { topology: name, strategy: "phased", fit: "none", times: 2 },
    });
    expect(batch.status, batch.text).toBe(202);
    const { batchId, firstRunId } = dataOf<{ batchId: string; firstRunId: string }>(batch);
    expect((await follow(firstRunId)).status).toBe("healthy");
    const { getPrisma } = await import("@/lib/db/client");
    const batchDone = async () => (await getPrisma().batch.findUnique({ where: { id: batchId } }))?.status;
    for (let waited = 0; (await batchDone()) === "running" && waited < 180_000; waited += 500)
      await new Promise((r) => setTimeout(r, 500));
    expect(await batchDone()).toBe("done");
    const batchRuns = dataOf<{ items: { id: string; status: string }[] }>(
      await as("viewer", { method: "GET", path: `/api/v1/runs?kind=deploy&strategy=phased` }),
    );
    expect(batchRuns.items.map((r) => r.status)).toEqual(["healthy", "healthy"]);
    for (const { id } of batchRuns.items) {
      const run = dataOf<{ settings: { batchId: string } }>(
        await as("viewer", { method: "GET", path: `/api/v1/runs/${id}` }),
      );
      expect(run.settings.batchId).toBe(batchId);
    }

    // A deploy cancelled at once ends cancelled, and says so at the end of its stream.
    const again = await as("operator", {
      method: "POST",
      path: "/api/v1/deploy",
      body: { topology: name, strategy: "sequential", fit: "none" },
    });
    expect(again.status).toBe(202);
    const againId = dataOf<{ runId: string }>(again).runId;
    const cancel = await as("operator", { method: "POST", path: `/api/v1/runs/${againId}/cancel` });
    expect(cancel.status).toBe(202);
    expect((await follow(againId)).status).toBe("cancelled");

    // Lists page by cursor through every run, newest first, and filter by the stored status.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const runs: { items: { id: string }[]; nextCursor: string | null } = dataOf(
        await as("viewer", {
          method: "GET",
          path: `/api/v1/runs?limit=2${cursor ? `&cursor=${cursor}` : ""}`,
        }),
      );
      seen.push(...runs.items.map((r) => r.id));
      cursor = runs.nextCursor;
    } while (cursor);
    // deploy, scale up, scale down, latency, teardown, 2 × (deploy, teardown), the cancelled deploy.
    expect(seen).toHaveLength(10);
    expect(seen[0]).toBe(againId);
    expect(seen.at(-1)).toBe(runId);
    const cancelled = dataOf<{ items: { id: string }[] }>(
      await as("viewer", { method: "GET", path: "/api/v1/runs?outcome=cancelled" }),
    );
    expect(cancelled.items.map((r) => r.id)).toEqual([againId]);
    const deploys = dataOf<{ items: unknown[] }>(
      await as("viewer", { method: "GET", path: `/api/v1/runs?kind=deploy&topology=${name}&strategy=dag` }),
    );
    expect(deploys.items).toHaveLength(1);
  });

  it("lists the environments, and lets an admin add, test and remove one", async () => {
    type Environment = { id: string; name: string; url: string; hasTls: boolean };
    const listed = dataOf<Environment[]>(await as("viewer", { method: "GET", path: "/api/v1/environments" }));
    expect(listed[0]?.name).toBe("local");
    // The panel's own socket under another name: the connection test passes, nothing to seal.
    const socket = `unix://${process.env.DOCKER_HOST?.replace(/^unix:\/\//, "") || "/var/run/docker.sock"}`;
    const { environment: added } = dataOf<{ environment: Environment }>(
      await as("admin", {
        method: "POST",
        path: "/api/v1/environments",
        body: { name: "v1-socket", url: socket },
      }),
    );
    expect(added).toMatchObject({ name: "v1-socket", url: socket, hasTls: false });
    const tested = dataOf<{ ok: boolean; probe?: { cpus?: number } }>(
      await as("admin", { method: "POST", path: `/api/v1/environments/${added.id}/test` }),
    );
    expect(tested.ok).toBe(true);
    expect(tested.probe?.cpus).toBeGreaterThan(0);
    const names = dataOf<Environment[]>(await as("viewer", { method: "GET", path: "/api/v1/environments" }));
    expect(names.map((e) => e.name)).toEqual(["local", "v1-socket"]);

    // Runs by environment. A run stored as made on the added environment (seeded: a deploy there
    // would drive the same engine the runs above used), beside the ten local runs above.
    const { getPrisma } = await import("@/lib/db/client");
    const elsewhere = await getPrisma().run.create({
      data: {
        topology: name,
        strategy: "dag",
        kind: "deploy",
        status: "cancelled",
        project: `${project}-elsewhere`,
        environmentId: added.id,
      },
    });
    const runsOn = async (environment: string) =>
      dataOf<{ items: { id: string; environmentId: string | null }[] }>(
        await as("viewer", {
          method: "GET",
          path: `/api/v1/runs?limit=200&environment=${encodeURIComponent(environment)}`,
        }),
      ).items;
    expect((await runsOn("v1-socket")).map((r) => r.id)).toEqual([elsewhere.id]);
    expect((await runsOn(added.id)).map((r) => r.id)).toEqual([elsewhere.id]);
    const local = await runsOn("local");
    expect(local).toHaveLength(10);
    expect(local.map((r) => r.environmentId)).toEqual(Array(10).fill(null));
    expect(await runsOn("no-such-environment")).toEqual([]);
    const all = dataOf<{ items: unknown[] }>(
      await as("viewer", { method: "GET", path: "/api/v1/runs?limit=200" }),
    );
    expect(all.items).toHaveLength(11);

    expect(
      dataOf<{ deleted: boolean }>(
        await as("admin", { method: "DELETE", path: `/api/v1/environments/${added.id}` }),
      ).deleted,
    ).toBe(true);
    // A removed environment's runs keep its id, and answer to it; its name names nothing now.
    expect((await runsOn(added.id)).map((r) => r.id)).toEqual([elsewhere.id]);
    expect(await runsOn("v1-socket")).toEqual([]);
  });

  it("manages alert channels and rules (admins) and lists alerts (viewers)", async () => {
    const received: string[] = [];
    const receiver = http.createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      req.on("end", () => (received.push(body), res.writeHead(204).end()));
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      const added = await as("admin", {
        method: "POST",
        path: "/api/v1/alert-channels",
        body: {
          kind: "webhook",
          name: "v1-hook",
          url,
          headers: { authorization: "Bearer Garnet-Lily-9043" },
        },
      });
      expect(added.status).toBe(201);
      const channel = dataOf<{ id: string; hasSecret: boolean }>(added);
      expect(channel.hasSecret).toBe(true);
      const tested = await as("admin", { method: "POST", path: `/api/v1/alert-channels/${channel.id}/test` });
      expect(dataOf<{ outcome: string }>(tested).outcome).toBe("sent");
      expect(received.map((b) => (JSON.parse(b) as { text: string }).text)).toEqual([
        expect.stringContaining('[TEST] OllamaMax alert channel "v1-hook"'),
      ]);
      const listed = await as("admin", { method: "GET", path: "/api/v1/alert-channels" });
      expect(JSON.stringify(listed.body)).not.toContain("Garnet-Lily");
      expect(dataOf<{ name: string }[]>(listed).map((c) => c.name)).toContain("v1-hook");
      const alerts = dataOf<{ items: unknown[] }>(
        await as("viewer", { method: "GET", path: "/api/v1/alerts?status=open" }),
      );
      expect(alerts.items).toEqual([]);
      const rules = await as("admin", {
        method: "POST",
        path: `/api/v1/alert-rules/${project}`,
        body: { unhealthy: { threshold: 5, remedy: true }, run_failed: { enabled: false } },
      });
      expect(dataOf<{ rules: { rule: string }[] }>(rules).rules).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ rule: "unhealthy", threshold: 5, remedy: true, enabled: true }),
          expect.objectContaining({ rule: "run_failed", enabled: false }),
        ]),
      );
      const read = await as("viewer", { method: "GET", path: `/api/v1/alert-rules/${project}` });
      expect(
        dataOf<{ rules: { rule: string; enabled: boolean }[] }>(read).rules.find(
          (r) => r.rule === "run_failed",
        )?.enabled,
      ).toBe(false);
      const removed = await as("admin", { method: "DELETE", path: `/api/v1/alert-channels/${channel.id}` });
      expect(dataOf<{ deleted: boolean }>(removed).deleted).toBe(true);
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });

  it("has checked a success answer of every route in the document", () => {
    // The experiments routes run an experiment: test/experiments.int.test.ts checks their answers;
    // the backup routes copy volumes: test/backups-api.int.test.ts checks theirs; the migration
    // routes move a cluster: test/migration.int.test.ts checks theirs; a redeploy deploys a past run
    // again: test/redeploy.int.test.ts checks its answers.
    expect(
      apiClient()
        .uncovered("success")
        .filter(
          (route) =>
            !route.includes("/experiments") &&
            !route.includes("backups") &&
            !route.includes("migrations") &&
            !route.includes("/redeploy"),
        ),
    ).toEqual([]);
  });
});
