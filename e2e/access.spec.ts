// Every page, route handler and socket event, walked without a session and with each role.
import { expect, request as playwrightRequest, test } from "@playwright/test";
import { io } from "socket.io-client";
import { discoverRoutes } from "./app-routes";
import { signInAs } from "./fixtures";
import type { E2eRole } from "./users";

type Access = "public" | "viewer" | "operator" | "admin";

/** The role table: who may call what. A route missing here fails the first test. */
const ACCESS: Record<string, Access> = {
  "GET /": "viewer",
  "GET /runs": "viewer",
  "GET /compare": "viewer",
  "GET /topology": "viewer",
  "GET /settings/tokens": "viewer",
  "GET /admin/users": "admin",
  "GET /admin/audit": "admin",
  "GET /login": "public",
  "GET /setup": "public",
  "GET /api/live": "public",
  "GET /api/health": "public",
  "POST /api/auth/login": "public",
  "POST /api/auth/setup": "public",
  "POST /api/auth/logout": "viewer",
  "GET /api/me": "viewer",
  "GET /api/tokens": "viewer",
  "POST /api/tokens": "viewer",
  "DELETE /api/tokens/[id]": "viewer",
  "GET /api/users": "admin",
  "POST /api/users": "admin",
  "PATCH /api/users/[id]": "admin",
  "DELETE /api/users/[id]": "admin",
  "GET /api/audit": "admin",
  "GET /api/topologies": "viewer",
  "POST /api/topologies": "operator",
  "POST /api/topologies/policy-approvals": "admin",
  "POST /api/deploy": "operator",
  "POST /api/teardown": "operator",
  "POST /api/scale": "operator",
  "POST /api/latency": "operator",
  "GET /api/cluster": "viewer",
  "POST /api/runs/[id]/cancel": "operator",
  "GET /api/status": "viewer",
  "GET /api/images": "viewer",
  "GET /runs/[id]": "viewer",
  "GET /api/runs": "viewer",
  "GET /api/runs/[id]": "viewer",
  "DELETE /api/runs/[id]": "operator",
  "GET /api/runs/[id]/export": "viewer",
  "GET /api/compare": "viewer",
  "POST /api/batches": "operator",
  "POST /api/images/build": "admin",
};
const RANK: Record<Access, number> = { public: 0, viewer: 1, operator: 2, admin: 3 };
const CALLERS: (E2eRole | "anonymous")[] = ["anonymous", "viewer", "operator", "admin"];
const rankOf = (caller: E2eRole | "anonymous") => (caller === "anonymous" ? 0 : RANK[caller]);

test("the role table covers exactly the app's routes", () => {
  const found = discoverRoutes()
    .map((r) => `${r.method} ${r.path}`)
    .sort();
  expect(found).toEqual(Object.keys(ACCESS).sort());
});

for (const route of discoverRoutes()) {
  const key = `${route.method} ${route.path}`;
  test(`access: ${key}`, async ({ baseURL }) => {
    const needed = ACCESS[key];
    expect(needed, `${key} has no entry in the role table`).toBeDefined();
    for (const caller of CALLERS) {
      // A fresh context per caller: allowed calls (sign out, say) must not disturb the next one.
      const ctx = await playwrightRequest.newContext({ baseURL });
      if (caller !== "anonymous") await signInAs(ctx, caller);
      const url = route.path.replace("[id]", "no-such-id");
      const response = await ctx.fetch(url, {
        method: route.method,
        data: route.method === "GET" ? undefined : {},
        maxRedirects: 0,
      });
      const status = response.status();
      const allowed = rankOf(caller) >= RANK[needed ?? "admin"];
      const what = `${caller} ${key} → ${status}`;
      if (allowed) {
        expect([401, 403], what).not.toContain(status);
        if (route.kind === "page" && needed !== "public")
          expect(response.headers()["location"] ?? "", what).not.toContain("/login");
      } else if (route.kind === "api") {
        expect(status, what).toBe(caller === "anonymous" ? 401 : 403);
      } else if (caller === "anonymous") {
        expect(status, what).toBe(307);
        expect(response.headers()["location"], what).toContain("/login");
      } else {
        expect(status, what).toBe(403);
      }
      await ctx.dispose();
    }
  });
}

test("socket.io refuses anonymous and cross-site handshakes, and checks each event's role", async ({
  baseURL,
  request,
}) => {
  const connect = (headers: Record<string, string>) =>
    new Promise<{ ok: boolean; error?: string; socket: ReturnType<typeof io> }>((resolve) => {
      const socket = io(baseURL!, { transports: ["websocket"], extraHeaders: headers, reconnection: false });
      socket.on("connect", () => resolve({ ok: true, socket }));
      socket.on("connect_error", (error) => resolve({ ok: false, error: error.message, socket }));
    });

  const anonymous = await connect({});
  expect(anonymous.ok).toBe(false);
  expect(anonymous.error).toContain("unauthorized");
  anonymous.socket.close();

  await signInAs(request, "viewer");
  const cookie = (await request.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  const crossSite = await connect({ cookie, origin: "http://evil.example" });
  expect(crossSite.ok).toBe(false);
  expect(crossSite.error).toContain("cross-site");
  crossSite.socket.close();

  const viewer = await connect({ cookie, origin: baseURL! });
  expect(viewer.ok).toBe(true);
  const pong = await viewer.socket.timeout(5000).emitWithAck("ping");
  expect(pong.ok).toBe(true);
  const unknown = await viewer.socket.timeout(5000).emitWithAck("no-such-event" as "ping");
  expect(unknown).toEqual({ ok: false, msg: "unknown event no-such-event" });
  viewer.socket.close();
});
