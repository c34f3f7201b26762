// /api/v1 end to end on a real panel database and the real engine: every route is called through
// the handlers Next serves, with tokens of each role, and every answer (success and error) is
// checked against the OpenAPI document generated from the same schemas. A small cluster (two nodes
// behind the load balancer) is deployed, followed over Server-Sent Events, scaled up and down,
// latency-tested, torn down, deployed again and cancelled. A table of bad inputs per route must
// answer 4xx naming the field, never 5xx.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiClient, readEvents, type ApiCall } from "./fixtures/api-v1-client";
import { purgeProject } from "./fixtures/deploy-support";
import { testPrincipal } from "./fixtures/principal";

const name = `apiv1-${process.pid}`;
const project = name;
const scratch = mkdtempSync(join(tmpdir(), "apiv1-"));
process.env.DATABASE_URL = `file:${join(scratch, "panel.db")}`;
process.env.PANEL_TOPOLOGIES_DIR = join(scratch, "topologies");
process.env.PANEL_CLUSTER_ENV = join(scratch, "cluster.env");
// The panel asks every deploy for the cluster's secrets (from its cluster env file); this topology uses none.
writeFileSync(
  process.env.PANEL_CLUSTER_ENV,
  ["JWT_SECRET", "MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD", "DB_PASSWORD", "GRAFANA_PASSWORD"]
    .map((key) => `${key}=apiv1-test-${key.toLowerCase()}-0123456789abcdef0123456789abcdef`)
    .join("\n"),
);
const folder = join(scratch, "topologies", name);
mkdirSync(join(folder, "nginx"), { recursive: true });
copyFileSync("topologies/optimized/nginx/nginx-optimized.conf", join(folder, "nginx", "nginx.conf"));
const node = (n: number) => `
  ollama-node-${n}:
    image: ollamamax-local/node:latest
    x-phase: ${n === 1 ? "Leader" : "Workers"}
    environment:
      NODE_ID: ollama-node-${n}
      NODE_ROLE: ${n === 1 ? "leader" : "worker"}
      SIM_STARTUP_DELAY_MS: "300"
    networks: [front]
    healthcheck:
      test: ["CMD-SHELL", "curl -fs http://localhost:8080/health || exit 1"]
      interval: 1s
      timeout: 2s
      retries: 10
      start_period: 2s
${n === 1 ? "" : "    depends_on:\n      ollama-node-1:\n        condition: service_started\n"}`;
writeFileSync(
  join(folder, "docker-compose.yml"),
  `name: ${project}
services:${node(1)}${node(2)}
  load-balancer:
    image: ollamamax-local/nginx:latest
    x-phase: Load Balancer
    ports:
      - "127.0.0.1::80"
    volumes:
      - ./nginx/nginx.conf:/etc/nginx/nginx.conf:ro
    networks: [front]
    depends_on:
      ollama-node-1:
        condition: service_healthy
      ollama-node-2:
        condition: service_healthy
    healthcheck:
      test: ["CMD-SHELL", "curl -fs http://localhost/health || exit 1"]
      interval: 1s
      timeout: 2s
      retries: 10
      start_period: 2s
networks:
  front: {}
`,
);

mkdirSync(join(scratch, "topologies", `${name}-broken`));
writeFileSync(
  join(scratch, "topologies", `${name}-broken`, "docker-compose.yml"),
  `name: ${project}-broken
services:
  app:
    image: ollamamax-test/busybox:latest
    depends_on: [nowhere]
`,
);

type Client = ReturnType<typeof createApiClient>;
let api: Client;
const tokens = { viewer: "", operator: "", admin: "", deployOther: "" };
let stopJournal = () => undefined as void;

beforeAll(async () => {
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env }, stdio: "pipe" });
  // Imported after the environment is set: the catalog reads PANEL_TOPOLOGIES_DIR when it loads.
  const { API_V1_ENDPOINTS } = await import("@/lib/api/registry");
  const { buildOpenApiDocument, OPENAPI_SPEC } = await import("@/lib/api/openapi");
  const { openApiHandle } = await import("@/lib/api/endpoints/openapi");
  const { createUser } = await import("@/lib/db/users");
  const { issueToken } = await import("@/lib/auth/api-tokens");
  const { startRunJournal } = await import("@/lib/recording/run-journal");
  const { currentOwnerId } = await import("@/lib/recording");
  api = createApiClient({
    doc: buildOpenApiDocument(),
    endpoints: [
      ...API_V1_ENDPOINTS.map((e) => ({ method: e.spec.method, path: e.spec.path, handle: e.handle })),
      { method: OPENAPI_SPEC.method, path: OPENAPI_SPEC.path, handle: openApiHandle },
    ],
  });
  for (const role of ["viewer", "operator", "admin"] as const) {
    const user = await createUser({ username: `api-${role}`, passwordHash: "x", role });
    const principal = { ...testPrincipal({ username: user.username, role }), userId: user.id };
    tokens[role] = (await issueToken({ principal, address: null, name: `${role} script`, role })).token;
    if (role === "operator")
      tokens.deployOther = (
        await issueToken({
          principal,
          address: null,
          name: "deploy-only",
          role,
          scope: { kind: "deploy", topology: "some-other-topology" },
        })
      ).token;
  }
  const journal = startRunJournal({
    ownerId: currentOwnerId(),
    redact: () => (v) => v,
    onError: console.error,
  });
  stopJournal = journal.stop;
});

afterAll(async () => {
  stopJournal();
  await purgeProject(project);
  rmSync(resolve("data", "load-balancer", project), { recursive: true, force: true });
  const { getPrisma } = await import("@/lib/db/client");
  await getPrisma().$disconnect();
  rmSync(scratch, { recursive: true, force: true });
});

const as = (role: keyof typeof tokens, c: ApiCall) => api.call({ ...c, token: tokens[role] });
type Data<T> = { ok: true; data: T };
const dataOf = <T>(answer: { body: unknown }) => (answer.body as Data<T>).data;

/** Follows a run over SSE until it ends; answers the events and the final status. */
const follow = async (runId: string, timeoutMs = 150_000) => {
  const answer = await as("viewer", {
    method: "GET",
    path: `/api/v1/runs/${runId}/events`,
    accept: "text/event-stream",
    stream: true,
  } as ApiCall);
  expect(answer.status).toBe(200);
  expect(answer.contentType).toBe("text/event-stream");
  const events = await readEvents(answer.response, timeoutMs);
  const end = events.at(-1) as { event: string; data: { status: string } };
  expect(end.event).toBe("end");
  return { events, status: end.data.status };
};

/** Every bad input answers 400 naming the field (or 404 for an unknown thing), never 5xx. */
const expectRefused = async (role: keyof typeof tokens, c: ApiCall, field: string | null, status = 400) => {
  const answer = await as(role, c);
  const error = (answer.body as { error: { message: string; details?: { path: string }[] } }).error;
  expect(
    answer.status,
    `${c.method} ${c.path} ${c.rawBody ?? JSON.stringify(c.body)}: ${error.message}`,
  ).toBe(status);
  if (field !== null) {
    expect(
      error.details?.map((d) => d.path),
      error.message,
    ).toContain(field);
    expect(error.message).toContain(field);
  }
};

describe("/api/v1", () => {
  it("serves its OpenAPI document publicly and refuses callers without a valid token", async () => {
    const doc = await api.call({ method: "GET", path: "/api/v1/openapi.json" });
    expect(doc.status).toBe(200);
    expect((doc.body as { openapi: string }).openapi).toBe("3.1.0");
    await expectRefused("viewer", { method: "GET", path: "/api/v1/openapi.json?x=1" }, "x");
    const anonymous = await api.call({ method: "GET", path: `/api/v1/status?topology=${name}` });
    expect(anonymous.status).toBe(401);
    const forged = await api.call({ method: "GET", path: "/api/v1/runs", token: "omx_not-a-token" });
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
      topology: { services: { name: string }[] };
      analysis: { phases: { name: string }[]; maxDepth: number };
    }>(await as("viewer", { method: "GET", path: `/api/v1/topologies/${name}` }));
    expect(one.project).toBe(project);
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
  });

  it("refuses bad input on every route with a 4xx naming the field, never a 5xx", async () => {
    const deploy = (body: unknown): ApiCall => ({ method: "POST", path: "/api/v1/deploy", body });
    const table: [keyof typeof tokens, ApiCall, string | null, number?][] = [
      ["viewer", { method: "GET", path: "/api/v1/status" }, "topology"],
      ["viewer", { method: "GET", path: `/api/v1/status?topology=${name}&verbose=1` }, "verbose"],
      ["viewer", { method: "GET", path: "/api/v1/status?topology=no-such" }, null, 404],
      ["operator", deploy({}), "topology"],
      ["operator", deploy({ topology: name }), "strategy"],
      ["operator", deploy({ topology: name, strategy: "fastest" }), "strategy"],
      ["operator", deploy({ topology: name, strategy: "dag", colour: "red" }), "colour"],
      [
        "operator",
        deploy({ topology: name, strategy: "dag", tuning: { NOT_A_VAR: "1" } }),
        "tuning.NOT_A_VAR",
      ],
      [
        "operator",
        deploy({ topology: name, strategy: "dag", tuning: { PIPELINE_DEPTH: 1e9 } }),
        "tuning.PIPELINE_DEPTH",
      ],
      [
        "operator",
        deploy({ topology: name, strategy: "dag", health: { intervalS: "soon" } }),
        "health.intervalS",
      ],
      ["operator", deploy({ topology: name, strategy: "dag", weights: { leader: 0 } }), "weights.leader"],
      ["operator", deploy({ topology: name, strategy: "dag", weights: { bogus: 1 } }), "weights.bogus"],
      ["operator", deploy({ topology: name, strategy: "dag", fitToHost: true }), "fitToHost"],
      ["operator", deploy({ topology: name, strategy: "dag", probeIntervalMs: -5 }), "probeIntervalMs"],
      ["operator", deploy([]), "body"],
      ["operator", deploy(null), "body"],
      ["operator", { method: "POST", path: "/api/v1/deploy", rawBody: "{not json" }, null],
      ["operator", deploy({ topology: "no-such-topology", strategy: "dag" }), null, 404],
      [
        "operator",
        { method: "POST", path: "/api/v1/teardown", body: { topology: name, removeVolumes: "yes" } },
        "removeVolumes",
      ],
      [
        "operator",
        { method: "POST", path: "/api/v1/teardown", body: { topology: name, force: true } },
        "force",
      ],
      ["operator", { method: "POST", path: "/api/v1/teardown", body: {} }, "topology"],
      ["operator", { method: "POST", path: "/api/v1/scale", body: { topology: name, count: 99 } }, "count"],
      [
        "operator",
        { method: "POST", path: "/api/v1/scale", body: { topology: name, direction: "sideways" } },
        "direction",
      ],
      ["operator", { method: "POST", path: "/api/v1/scale", body: { topology: name, count: 1.5 } }, "count"],
      ["operator", { method: "POST", path: "/api/v1/latency", body: { topology: name } }, "requests"],
      [
        "operator",
        {
          method: "POST",
          path: "/api/v1/latency",
          body: { topology: name, requests: 0, concurrency: 1, durationS: 1 },
        },
        "requests",
      ],
      [
        "operator",
        {
          method: "POST",
          path: "/api/v1/latency",
          body: { topology: name, requests: 5, concurrency: 1, durationS: 1, rps: 3 },
        },
        "rps",
      ],
      ["operator", { method: "POST", path: "/api/v1/runs/no-such-run/cancel" }, null, 404],
      ["viewer", { method: "GET", path: "/api/v1/runs?limit=abc" }, "limit"],
      ["viewer", { method: "GET", path: "/api/v1/runs?limit=1e308" }, "limit"],
      ["viewer", { method: "GET", path: "/api/v1/runs?outcome=succeeded" }, "outcome"],
      ["viewer", { method: "GET", path: "/api/v1/runs?kind=party" }, "kind"],
      ["viewer", { method: "GET", path: "/api/v1/runs?page=2" }, "page"],
      ["viewer", { method: "GET", path: "/api/v1/runs?cursor=bm90LWpzb24" }, "cursor"],
      ["viewer", { method: "GET", path: "/api/v1/runs/no-such-run" }, null, 404],
      ["viewer", { method: "GET", path: "/api/v1/runs/no-such-run/events" }, null, 404],
      ["viewer", { method: "GET", path: "/api/v1/runs/no-such-run/events?limit=-1" }, "limit"],
      ["viewer", { method: "GET", path: "/api/v1/compare" }, "ids"],
      ["viewer", { method: "GET", path: "/api/v1/compare?ids=a" }, "ids"],
      ["viewer", { method: "GET", path: "/api/v1/compare?ids=a,b&format=pdf" }, "format"],
      ["viewer", { method: "GET", path: "/api/v1/compare?ids=no-such-a,no-such-b" }, "ids", 404],
    ];
    for (const [role, call, field, status] of table) await expectRefused(role, call, field, status);
    // A body over the limit is refused before it is read.
    const huge = await as("operator", {
      method: "POST",
      path: "/api/v1/teardown",
      rawBody: `{"topology":"${"x".repeat(1_100_000)}"}`,
    });
    expect(huge.status).toBe(413);
  });

  it("answers garbage on every route, body, query and path, with a 4xx, never a 5xx", async () => {
    const { API_V1_ENDPOINTS } = await import("@/lib/api/registry");
    const bodies: (string | undefined)[] = [
      undefined,
      "",
      "x",
      "1",
      "true",
      "[]",
      "{}",
      '{"__proto__":{"polluted":1}}',
      '{"topology":{"$gt":""},"strategy":"dag"}',
      '{"topology":"../../etc","strategy":"dag","requests":1,"concurrency":1,"durationS":1}',
      `{"topology":"${"\u0000".repeat(3)}"}`,
      `${"[".repeat(5000)}${"]".repeat(5000)}`,
      '{"count":1e309,"topology":"x"}',
    ];
    const queries = [
      "",
      "?limit=NaN",
      `?cursor=${"A".repeat(600)}`,
      "?%ff=1",
      "?topology=%00",
      "?ids=,,,&format=",
    ];
    const ids = ["..%2F..%2Fetc", "a".repeat(300), "'%3B%20DROP%20TABLE%20Run%3B--", "%F0%9F%92%A5"];
    let calls = 0;
    for (const { spec } of API_V1_ENDPOINTS) {
      const paths = ids.map((id) => `/api/v1${spec.path.replace(/\{\w+\}/, id)}`);
      for (const path of spec.path.includes("{") ? paths : [`/api/v1${spec.path}`])
        for (const query of queries)
          for (const rawBody of spec.method === "GET" ? [undefined] : bodies) {
            const role = spec.access === "public" || spec.access === "viewer" ? "viewer" : "operator";
            const answer = await as(role, { method: spec.method, path: `${path}${query}`, rawBody });
            calls += 1;
            expect(
              answer.status,
              `${spec.method} ${path}${query} ${rawBody ?? ""}: ${answer.text.slice(0, 300)}`,
            ).toBeLessThan(500);
            if (answer.status === 400)
              expect(
                (answer.body as { error: { details?: unknown } }).error.details,
                answer.text,
              ).toBeDefined();
          }
    }
    expect(calls).toBeGreaterThan(300);
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
    const eventsOp = (await api.call({ method: "GET", path: "/api/v1/openapi.json" })).body as {
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
    for (const e of live.events.slice(0, -1)) expect(api.validate(eventSchema, e.data), e.event).toBeNull();

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
    expect(seen).toHaveLength(6);
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

  it("has checked a success and an error answer of every route in the document", () => {
    expect(api.uncovered()).toEqual([]);
  });
});
