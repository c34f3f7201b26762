// A deploy-only token reads as a viewer: every GET route of the panel (found by walking app/api, so
// a route added later is covered without editing this test) that needs more than the viewer role
// answers 403 to an admin's deploy-only token, while the same admin's full token gets past the role
// check; viewer routes that show more to admins (the tokens list) show it only its owner's. Pages
// and sockets resolve callers through principalFromHeaders, which reads such a token as a viewer too.
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { RouteHandler } from "@/lib/http/route";
import {
  apiToken,
  apiUser,
  scratchDatabase,
  scratchFolder,
  scratchTopologies,
} from "./fixtures/scratch-panel";

const scratch = scratchFolder("token-scope-");
scratchDatabase({ dir: scratch });
scratchTopologies({ dir: scratch });

type GetRoute = { path: string; handle: RouteHandler | undefined };

/** Every app/api/**\/route.ts that exports GET, with its URL path (dynamic segments filled in). */
const getRoutes = async (): Promise<GetRoute[]> => {
  const files = readdirSync("app/api", { recursive: true, encoding: "utf8" })
    .filter((file) => file === "route.ts" || file.endsWith("/route.ts"))
    .map((file) => join("app/api", file));
  const routes: GetRoute[] = [];
  for (const file of files) {
    const mod = (await import(`@/${file}`)) as { GET?: RouteHandler };
    if (!mod.GET) continue;
    const path = `/${relative("app", file)}`.replace(/\/route\.ts$/, "").replace(/\[(\w+)\]/g, "x-$1");
    routes.push({ path, handle: "access" in mod.GET ? mod.GET : undefined });
  }
  return routes;
};

let routes: GetRoute[] = [];
const tokens = { deployOnly: "", full: "", otherUsers: "" };

beforeAll(async () => {
  routes = await getRoutes();
  const admin = await apiUser({ username: "scope-admin", role: "admin" });
  tokens.full = await apiToken({ user: admin, name: "full" });
  tokens.deployOnly = await apiToken({
    user: admin,
    name: "ci deploys",
    scope: { kind: "deploy", topology: "optimized" },
  });
  const operator = await apiUser({ username: "scope-operator", role: "operator" });
  tokens.otherUsers = await apiToken({ user: operator, name: "someone else's" });
}, 120_000);

const call = async (route: GetRoute, token: string) => {
  const handle = route.handle as RouteHandler;
  const request = new Request(`http://127.0.0.1:3000${route.path}`, {
    headers: { authorization: `Bearer ${token}`, host: "127.0.0.1:3000" },
  });
  const params = Object.fromEntries([...route.path.matchAll(/x-(\w+)/g)].map((m) => [m[1], m[0]]));
  const response = await handle(request, { params: Promise.resolve(params) });
  return { status: response.status, body: (await response.json().catch(() => null)) as unknown };
};

describe("a deploy-only token reads as a viewer", () => {
  it("finds the routes through the route wrapper (only the public liveness and document bypass it)", () => {
    expect(routes.length).toBeGreaterThan(20);
    const unwrapped = routes.filter((r) => !r.handle).map((r) => r.path);
    expect(unwrapped.every((p) => p === "/api/live" || p === "/api/v1/openapi.json")).toBe(true);
    const adminGets = routes.filter((r) => r.handle?.access === "admin").map((r) => r.path);
    expect(adminGets).toEqual(expect.arrayContaining(["/api/users", "/api/audit", "/api/settings"]));
  });

  it("answers 403 on every GET that needs operator or admin, where the full token passes the role check", async () => {
    const above = routes.filter(
      (r) => r.handle && (r.handle.access === "admin" || r.handle.access === "operator"),
    );
    expect(above.length).toBeGreaterThanOrEqual(3);
    for (const route of above) {
      const scoped = await call(route, tokens.deployOnly);
      expect({ path: route.path, status: scoped.status }).toEqual({ path: route.path, status: 403 });
      expect(JSON.stringify(scoped.body)).toContain('may only deploy the topology \\"optimized\\"');
      const full = await call(route, tokens.full);
      expect({ path: route.path, forbidden: full.status === 403 }).toEqual({
        path: route.path,
        forbidden: false,
      });
    }
  }, 120_000);

  it("lists only its owner's tokens where a full admin token lists everyone's", async () => {
    const tokensRoute = routes.find((r) => r.path === "/api/tokens") as GetRoute;
    const names = (answer: { body: unknown }) =>
      ((answer.body as { data: { name: string }[] }).data ?? []).map((t) => t.name).sort();
    expect(names(await call(tokensRoute, tokens.full))).toContain("someone else's");
    expect(names(await call(tokensRoute, tokens.deployOnly))).toEqual(["ci deploys", "full"]);
  });

  it("is a viewer to pages and sockets (principalFromHeaders) and an admin only where its scope is accepted", async () => {
    const { principalFromHeaders } = await import("@/lib/auth/principal");
    const authorization = `Bearer ${tokens.deployOnly}`;
    expect((await principalFromHeaders({ cookie: null, authorization }))?.role).toBe("viewer");
    expect((await principalFromHeaders({ cookie: null, authorization, acceptsScope: "deploy" }))?.role).toBe(
      "admin",
    );
  });
});
