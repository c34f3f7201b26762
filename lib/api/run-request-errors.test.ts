// No generic 500 from a run request (issue 27): every run route — the panel's own (/api/deploy,
// /api/batches, /api/teardown, /api/scale, /api/latency, /api/runs/{id}/redeploy) and every /api/v1 action — answers a
// failure of the operation beneath it with a stated code and a sentence naming the request, for an
// error nobody expected, the database full or read-only, and the Docker engine's disk full or
// refusing; never "Something went wrong".
import { rmSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.DATABASE_URL = "file:/tmp/ollamamax-run-request-errors/panel.db";
});

const thrown = vi.hoisted(() => ({ error: new Error("unset") as unknown }));
const fail = async (): Promise<never> => {
  throw thrown.error;
};

vi.mock("@/lib/auth/principal", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/principal")>()),
  principalFromHeaders: async () => ({
    userId: "u1",
    username: "script",
    role: "operator",
    via: "token",
    sessionId: null,
    tokenId: "t1",
    scope: null,
  }),
}));
vi.mock("@/lib/db/write-health", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/db/write-health")>()),
  assertDatabaseWritable: async () => undefined,
}));
vi.mock("@/lib/operations/deploy", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/operations/deploy")>()),
  requestDeploy: fail,
  requestTeardown: fail,
  requestCancel: fail,
}));
vi.mock("@/lib/operations/scale", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/operations/scale")>()),
  requestScale: fail,
}));
vi.mock("@/lib/operations/batch", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/operations/batch")>()),
  startBatch: fail,
}));
vi.mock("@/lib/operations/redeploy", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/operations/redeploy")>()),
  requestRedeploy: fail,
}));
vi.mock("@/lib/operations/latency-test", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/operations/latency-test")>()),
  requestLatencyTest: fail,
}));

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type RunRoute = {
  path: string;
  handler: () => Promise<Handler>;
  body: unknown;
  params?: Record<string, string>;
};

const topology = "optimized";
const deploy = { topology, strategy: "dag" };
const BODIES: Record<string, unknown> = {
  "/deploy": deploy,
  "/batches": { ...deploy, times: 2 },
  "/teardown": { topology, removeVolumes: false },
  "/scale": { topology, direction: "up", count: 1 },
  "/latency": { topology, requests: 1, concurrency: 1, durationS: 1 },
  "/runs/{id}/cancel": undefined,
  "/runs/{id}/redeploy": {},
};

/** The panel's run routes and every /api/v1 action endpoint (read from the registry, so a new one is covered). */
const runRoutes = async (): Promise<RunRoute[]> => {
  const { API_V1_ENDPOINTS } = await import("./registry");
  const v1 = API_V1_ENDPOINTS.filter((e) => e.spec.tag === "actions").map((e) => ({
    path: `/api/v1${e.spec.path}`,
    handler: async () => e.handle as Handler,
    body: BODIES[e.spec.path],
    params: e.spec.path.includes("{id}") ? { id: "run-1" } : undefined,
  }));
  const panel: RunRoute[] = [
    {
      path: "/api/deploy",
      handler: async () => (await import("@/app/api/deploy/route")).POST,
      body: BODIES["/deploy"],
    },
    {
      path: "/api/batches",
      handler: async () => (await import("@/app/api/batches/route")).POST,
      body: BODIES["/batches"],
    },
    {
      path: "/api/teardown",
      handler: async () => (await import("@/app/api/teardown/route")).POST,
      body: BODIES["/teardown"],
    },
    {
      path: "/api/scale",
      handler: async () => (await import("@/app/api/scale/route")).POST,
      body: BODIES["/scale"],
    },
    {
      path: "/api/latency",
      handler: async () => (await import("@/app/api/latency/route")).POST,
      body: BODIES["/latency"],
    },
    {
      path: "/api/runs/{id}/redeploy",
      handler: async () => (await import("@/app/api/runs/[id]/redeploy/route")).POST,
      body: {},
      params: { id: "run-1" },
    },
  ];
  return [...panel, ...v1];
};

const call = async (route: RunRoute) => {
  const handler = await route.handler();
  const response = await handler(
    new Request(`http://127.0.0.1:3000${route.path.replace("{id}", "run-1")}`, {
      method: "POST",
      headers: { authorization: "Bearer x", "content-type": "application/json" },
      body: route.body === undefined ? undefined : JSON.stringify(route.body),
    }),
    { params: Promise.resolve(route.params ?? {}) },
  );
  const answer = (await response.json()) as { ok: boolean; error: { code: string; message: string } };
  return { status: response.status, ...answer.error };
};

const dbError = (code: string, message: string) =>
  Object.assign(new Error(message), { name: "PrismaClientKnownRequestError", code });
const engineError = (statusCode: number, message: string) =>
  Object.assign(new Error(`(HTTP code ${statusCode}) ${message}`), { statusCode, json: { message } });

const FAULTS = [
  {
    fault: "an unexpected error",
    error: new TypeError("x is not a function"),
    status: 500,
    code: "internal",
    says: /failed on an unexpected TypeError \(ref [0-9a-f]{8}\)/,
  },
  {
    fault: "the database's disk full",
    error: dbError("SQLITE_FULL", "database or disk is full"),
    status: 507,
    code: "insufficient_storage",
    says: /panel's database \/tmp\/ollamamax-run-request-errors\/panel\.db is full/,
  },
  {
    fault: "the database read-only",
    error: dbError("SQLITE_READONLY", "attempt to write a readonly database"),
    status: 503,
    code: "database_unavailable",
    says: /cannot be written or read \(read-only\)/,
  },
  {
    fault: "the Docker data root full",
    error: engineError(500, "write /var/lib/docker/x: no space left on device"),
    status: 507,
    code: "insufficient_storage",
    says: /Docker engine's disk is full \(.*no space left on device\)/,
  },
  {
    fault: "the engine refusing",
    error: engineError(409, "Conflict. The container name is already in use"),
    status: 502,
    code: "engine_error",
    says: /the Docker engine answered 409: Conflict/,
  },
] as const;

// databaseUrl() makes the (never used) database's folder.
afterAll(() => rmSync("/tmp/ollamamax-run-request-errors", { recursive: true, force: true }));

describe("run requests answer every failure with a stated code and sentence", () => {
  // Loading the registry and the route modules takes seconds on a busy machine: once, up front.
  beforeAll(async () => {
    for (const route of await runRoutes()) await route.handler();
  }, 60_000);
  beforeEach(() => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
  });

  it("covers every run route: the panel's five and each /api/v1 action", async () => {
    const paths = (await runRoutes()).map((r) => r.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "/api/deploy",
        "/api/batches",
        "/api/teardown",
        "/api/scale",
        "/api/latency",
        "/api/v1/deploy",
        "/api/v1/batches",
        "/api/v1/teardown",
        "/api/v1/scale",
        "/api/v1/latency",
        "/api/v1/runs/{id}/cancel",
      ]),
    );
  });

  for (const { fault, error, status, code, says } of FAULTS)
    it(`${fault}: ${status} ${code}, a sentence naming the request`, async () => {
      thrown.error = error;
      for (const route of await runRoutes()) {
        const answer = await call(route);
        expect({ route: route.path, status: answer.status, code: answer.code }).toEqual({
          route: route.path,
          status,
          code,
        });
        expect(answer.message, route.path).toMatch(says);
        expect(answer.message, route.path).toMatch(
          /^(The (deploy|batch|teardown|scale|latency test|redeploy) request|POST \/api)/,
        );
        expect(answer.message, route.path).not.toMatch(/something went wrong/i);
      }
    });
});
