// /api/v1 through the real server (Next's handler inside server.ts): a script's token, not a
// cookie; the public OpenAPI document; a finished run's events streamed as Server-Sent Events
// (Next must not buffer the stream); refusals naming the field. The run is seeded through Prisma.
import { expect, request as playwrightRequest, test } from "@playwright/test";
import { bearerContext, createApiToken, panelDatabase, seededRuns, signInAs } from "./fixtures";

const prisma = panelDatabase();
const runId = `e2e-api-v1-${Date.now()}`;
const at = (ms: number) => new Date(Date.now() - 60_000 + ms).toISOString();
const event = (t: number, body: Record<string, unknown>) => ({
  t,
  at: new Date(at(t)),
  type: body.type as string,
  payload: JSON.stringify({ runId, project: "e2e-api-v1", t, at: at(t), ...body }),
});

seededRuns({
  prisma,
  ids: [runId],
  seed: () =>
    prisma.run.create({
      data: {
        id: runId,
        topology: "e2e-api-v1",
        strategy: "dag",
        status: "healthy",
        kind: "deploy",
        project: "e2e-api-v1",
        startedAt: new Date(Date.now() - 60_000),
        finishedAt: new Date(Date.now() - 50_000),
        totalMs: 10_000,
        settings: JSON.stringify({ strategy: "dag" }),
        events: {
          create: [
            event(0, { type: "run_started", kind: "deploy", strategy: "dag", services: ["web"], phases: [] }),
            event(5, { type: "phase", index: 0, name: "Foundation", status: "started" }),
            event(10_000, { type: "run_state", run: { state: "healthy" } }),
          ],
        },
      },
    }),
});

test("a script reads runs with a Bearer token, streams a run's events and gets refusals naming the field", async ({
  baseURL,
  request,
}) => {
  await signInAs(request, "viewer");
  const { token } = await createApiToken(request, { name: `e2e api v1 ${runId}`, role: "viewer" });
  // A fresh context: no cookie, only the token.
  const script = await bearerContext(baseURL, token);

  const doc = await (await playwrightRequest.newContext({ baseURL })).get("/api/v1/openapi.json");
  expect(doc.status()).toBe(200);
  expect(((await doc.json()) as { paths: Record<string, unknown> }).paths).toHaveProperty(
    "/api/v1/runs/{id}/events",
  );

  const runs = await script.get("/api/v1/runs?topology=e2e-api-v1");
  expect(runs.status()).toBe(200);
  expect(((await runs.json()) as { data: { items: { id: string }[] } }).data.items.map((r) => r.id)).toEqual([
    runId,
  ]);

  const stream = await script.get(`/api/v1/runs/${runId}/events`, {
    headers: { accept: "text/event-stream" },
  });
  expect(stream.status()).toBe(200);
  expect(stream.headers()["content-type"]).toContain("text/event-stream");
  const text = await stream.text();
  expect([...text.matchAll(/^event: (\w+)$/gm)].map((m) => m[1])).toEqual([
    "run_started",
    "phase",
    "run_state",
    "end",
  ]);
  expect(text).toContain(`data: {"runId":"${runId}","status":"healthy"}`);

  const bad = await script.get("/api/v1/runs?outcome=succeeded");
  expect(bad.status()).toBe(400);
  const error = ((await bad.json()) as { error: { message: string; details: { path: string }[] } }).error;
  expect(error.details.map((d) => d.path)).toEqual(["outcome"]);
  expect(error.message).toContain("outcome");

  const viewerDeploys = await script.post("/api/v1/deploy", { data: { topology: "x", strategy: "dag" } });
  expect(viewerDeploys.status()).toBe(403);
  await script.dispose();
});
