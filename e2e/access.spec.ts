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
  "GET /topology/report": "viewer",
  "GET /topology/history": "viewer",
  "GET /topology/logs": "viewer",
  "GET /settings/tokens": "viewer",
  "GET /settings/environments": "viewer",
  "GET /alerts": "viewer",
  "GET /admin/users": "admin",
  "GET /admin/audit": "admin",
  "GET /admin/data": "admin",
  "GET /login": "public",
  "GET /setup": "public",
  "GET /api/live": "public",
  "GET /api/health": "public",
  "GET /metrics": "viewer",
  "POST /api/auth/login": "public",
  "POST /api/auth/setup": "public",
  "POST /api/auth/logout": "viewer",
  "GET /api/me": "viewer",
  "PUT /api/me/tour": "viewer",
  "GET /api/tokens": "viewer",
  "POST /api/tokens": "viewer",
  "DELETE /api/tokens/[id]": "viewer",
  "GET /api/users": "admin",
  "POST /api/users": "admin",
  "PATCH /api/users/[id]": "admin",
  "DELETE /api/users/[id]": "admin",
  "GET /api/environments": "viewer",
  "POST /api/environments": "admin",
  "DELETE /api/environments/[id]": "admin",
  "POST /api/environments/[id]/test": "admin",
  "GET /api/audit": "admin",
  "GET /api/topologies": "viewer",
  "POST /api/topologies": "operator",
  "POST /api/topologies/policy-approvals": "admin",
  "POST /api/topologies/file-approvals": "admin",
  "POST /api/deploy": "operator",
  "POST /api/teardown": "operator",
  "POST /api/leftovers": "operator",
  "POST /api/scale": "operator",
  "POST /api/latency": "operator",
  "GET /api/cluster": "viewer",
  "POST /api/runs/[id]/cancel": "operator",
  "POST /api/runs/[id]/redeploy": "operator",
  "GET /api/status": "viewer",
  "GET /api/swarm/nodes": "viewer",
  "POST /api/swarm/scale": "operator",
  "GET /api/images": "viewer",
  "GET /runs/[id]": "viewer",
  "GET /api/runs": "viewer",
  "GET /api/runs/[id]": "viewer",
  "DELETE /api/runs/[id]": "operator",
  "GET /api/runs/[id]/export": "viewer",
  "GET /api/runs/[id]/effective": "viewer",
  "GET /api/compare": "viewer",
  "POST /api/batches": "operator",
  "POST /api/images/build": "admin",
  "GET /settings/security": "viewer",
  "POST /api/auth/two-factor": "public",
  "GET /api/two-factor": "viewer",
  "DELETE /api/two-factor": "viewer",
  "POST /api/two-factor/enrol": "viewer",
  "POST /api/two-factor/confirm": "viewer",
  "GET /api/settings": "admin",
  "PUT /api/settings": "admin",
  "GET /api/v1/openapi.json": "public",
  "GET /api/v1/status": "viewer",
  "GET /api/v1/stats/history": "viewer",
  "GET /api/v1/logs": "viewer",
  "GET /api/v1/topologies": "viewer",
  "GET /api/v1/topologies/[name]": "viewer",
  "GET /api/v1/topologies/[name]/prediction": "viewer",
  "GET /api/v1/topologies/[name]/report": "viewer",
  "POST /api/v1/deploy": "operator",
  "POST /api/v1/batches": "operator",
  "POST /api/v1/teardown": "operator",
  "POST /api/v1/scale": "operator",
  "POST /api/v1/latency": "operator",
  "GET /api/v1/runs": "viewer",
  "GET /api/v1/runs/[id]": "viewer",
  "POST /api/v1/runs/[id]/cancel": "operator",
  "POST /api/v1/runs/[id]/redeploy": "operator",
  "GET /api/v1/runs/[id]/events": "viewer",
  "GET /api/v1/compare": "viewer",
  "GET /api/v1/environments": "viewer",
  "POST /api/v1/environments": "admin",
  "POST /api/v1/environments/[id]/test": "admin",
  "GET /api/v1/alerts": "viewer",
  "GET /api/v1/alert-channels": "admin",
  "POST /api/v1/alert-channels": "admin",
  "DELETE /api/v1/alert-channels/[id]": "admin",
  "POST /api/v1/alert-channels/[id]/test": "admin",
  "GET /api/v1/alert-rules/[project]": "viewer",
  "POST /api/v1/alert-rules/[project]": "admin",
  "DELETE /api/v1/environments/[id]": "admin",
  "GET /experiments": "viewer",
  "GET /experiments/[id]": "viewer",
  "GET /api/v1/experiments": "viewer",
  "POST /api/v1/experiments": "operator",
  "GET /api/v1/experiments/[id]": "viewer",
  "GET /api/v1/experiments/[id]/export": "viewer",
  "POST /api/v1/experiments/[id]/cancel": "operator",
  "POST /api/v1/topologies/[name]/backups": "operator",
  "GET /api/v1/backups": "viewer",
  "POST /api/v1/backups/[id]/restore": "operator",
  "DELETE /api/v1/backups/[id]": "admin",
  "POST /api/v1/migrations": "operator",
  "GET /api/v1/migrations/[id]": "viewer",
};
const RANK: Record<Access, number> = { public: 0, viewer: 1, operator: 2, admin: 3 };
const CALLERS: (E2eRole | "anonymous")[] = ["anonymous", "viewer", "operator", "admin"];
const rankOf = (caller: E2eRole | "anonymous") => (caller === "anonymous" ? 0 : RANK[caller]);

/** Visible text of an HTML answer (tags, scripts and styles dropped, whitespace squeezed). */
const visibleText = (html: string): string =>
  html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");
/**
 * What identifies a page's own content, read from the admin's view of it: its headings (h1–h3),
 * its data-testids and its table headers. An anonymous answer (307 included) must carry none.
 */
const pageContentMarkers = (html: string): string[] => {
  const texts = [...html.matchAll(/<(h[1-3]|th)\b[^>]*>([\s\S]*?)<\/\1>/gi)].map((m) =>
    visibleText(m[2] ?? "").trim(),
  );
  const testIds = [...html.matchAll(/data-testid="([^"]+)"/g)].map((m) => `data-testid="${m[1]}"`);
  return [...new Set([...texts.filter((t) => t.length >= 3), ...testIds])];
};

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
        // The redirect's body must not carry the page: compare with what an admin sees there
        // (for /runs/[id], at a real run when one exists; a missing run has no content to leak).
        const admin = await playwrightRequest.newContext({ baseURL });
        await signInAs(admin, "admin");
        const runs = route.path.includes("[id]")
          ? (await (await admin.get("/api/runs")).json()).data.runs
          : [];
        const realUrl = runs[0] ? route.path.replace("[id]", runs[0].id) : url;
        const adminView = await admin.get(realUrl);
        const markers = pageContentMarkers(await adminView.text());
        await admin.dispose();
        if (adminView.status() === 200)
          expect(
            markers.length,
            `${key}: the admin's view has headings or test ids to look for`,
          ).toBeGreaterThan(0);
        const body = await (
          realUrl === url ? response : await ctx.fetch(realUrl, { maxRedirects: 0 })
        ).text();
        const text = visibleText(body);
        const leaked = markers.filter((m) =>
          m.startsWith("data-testid=")
            ? body.includes(m)
            : body.includes(`>${m}<`) ||
              body.includes(`\\"${m}\\"`) ||
              new RegExp(`(^|\\W)${m.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(\\W|$)`).test(text),
        );
        expect(leaked, `${what}: the anonymous answer carries page content`).toEqual([]);
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
