// The CLI against a stand-in panel on a local port: the envelope, the event stream and the exit
// codes as a script sees them (the real panel is exercised by test/cli.int.test.ts).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./program";

const TOKEN = "t0ken";
type Ending = "healthy" | "failed" | "cancelled";
const events = (runId: string, status: Ending) => [
  {
    type: "run_started",
    runId,
    project: "p",
    t: 0,
    at: "",
    kind: "deploy",
    strategy: "dag",
    services: ["db", "app"],
    phases: [
      { name: "Foundation", services: ["db"] },
      { name: "App", services: ["app"] },
    ],
  },
  { type: "phase", runId, project: "p", t: 100, at: "", index: 0, name: "Foundation", status: "started" },
  { type: "phase", runId, project: "p", t: 2100, at: "", index: 0, name: "Foundation", status: "ready" },
  ...(status === "healthy"
    ? [
        { type: "phase", runId, project: "p", t: 2200, at: "", index: 1, name: "App", status: "started" },
        { type: "phase", runId, project: "p", t: 5200, at: "", index: 1, name: "App", status: "ready" },
      ]
    : []),
  {
    type: "run_finished",
    runId,
    project: "p",
    t: 5300,
    at: "",
    result: {
      status,
      totalMs: 5300,
      error:
        status === "failed"
          ? {
              message: "app did not become healthy within 3 s",
              service: "app",
              logTail: ["boom"],
              healthOutput: "exit 1",
            }
          : status === "cancelled"
            ? { message: "cancelled by ops", service: null, logTail: [], healthOutput: null }
            : null,
    },
  },
];

let server: http.Server;
let url = "";
/** The run ids the stand-in was asked to cancel. */
const cancelled: string[] = [];
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const send = (status: number, body: unknown) =>
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.headers.authorization !== `Bearer ${TOKEN}`)
      return send(401, { ok: false, error: { code: "unauthorized", message: "Sign in first" } });
    const path = req.url ?? "";
    if (req.method === "POST" && path === "/api/v1/deploy") {
      let raw = "";
      req.on("data", (chunk) => (raw += chunk));
      req.on("end", () => {
        const body = JSON.parse(raw) as { topology: string };
        if (body.topology === "nope")
          return send(404, { ok: false, error: { code: "not_found", message: 'No topology "nope"' } });
        send(202, {
          ok: true,
          data: { runId: body.topology === "bad" ? "run-bad" : "run-ok", project: "p" },
        });
      });
      return;
    }
    // "Deploy this again": run-gone ran an image ID the engine lost; accepted, it starts run-ok.
    const redeploy = /^\/api\/v1\/runs\/(run-\w+)\/redeploy$/.exec(path);
    if (req.method === "POST" && redeploy) {
      let raw = "";
      req.on("data", (chunk) => (raw += chunk));
      req.on("end", () => {
        const body = JSON.parse(raw) as { acceptCurrentImages?: boolean };
        if (redeploy[1] === "run-gone" && !body.acceptCurrentImages)
          return send(409, {
            ok: false,
            error: {
              code: "conflict",
              message: "Run run-gone cannot be deployed again exactly: app:1: sha256:a is gone",
            },
          });
        send(202, { ok: true, data: { runId: "run-ok", project: "p", redeployOf: redeploy[1] } });
      });
      return;
    }
    // run-live is in flight and ends cancelled once asked; run-late reaches healthy first;
    // run-done has finished already, so the panel refuses to cancel it.
    const cancel = /^\/api\/v1\/runs\/(run-\w+)\/cancel$/.exec(path);
    if (req.method === "POST" && cancel) {
      cancelled.push(cancel[1] as string);
      return cancel[1] === "run-done"
        ? send(404, {
            ok: false,
            error: { code: "not_found", message: "Run run-done is not in flight: it has finished already" },
          })
        : send(202, { ok: true, data: { cancelling: true } });
    }
    if (req.method === "GET" && path.startsWith("/api/v1/runs?")) {
      // Echoes the filters it was given, so a test sees what the CLI asked for.
      const query = Object.fromEntries(new URL(path, "http://x").searchParams);
      const nextCursor = query.limit === "1" && !query.cursor ? "c2" : null;
      return send(200, { ok: true, data: { items: [], nextCursor, query } });
    }
    const stream = /^\/api\/v1\/runs\/(run-\w+)\/events$/.exec(path);
    if (stream && req.headers.accept === "text/event-stream") {
      const runId = stream[1] as string;
      const status: Ending = runId === "run-bad" ? "failed" : runId === "run-live" ? "cancelled" : "healthy";
      res.writeHead(200, { "content-type": "text/event-stream" });
      events(runId, status).forEach((e, i) =>
        res.write(`id: ${i}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`),
      );
      return void res.end(`event: end\ndata: ${JSON.stringify({ runId, status })}\n\n`);
    }
    if (path === "/api/v1/compare?ids=a,b&format=md")
      return void res.writeHead(200).end("| Phase | a | b |\n");
    send(404, { ok: false, error: { code: "not_found", message: `no ${path}` } });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => void server.close());

const cli = async (args: string[], env: Record<string, string> = { PANEL_URL: url, PANEL_TOKEN: TOKEN }) => {
  const [out, err] = [new PassThrough(), new PassThrough()];
  let [stdout, stderr] = ["", ""];
  out.on("data", (chunk) => (stdout += chunk));
  err.on("data", (chunk) => (stderr += chunk));
  const code = await runCli({ args, io: { out, err, env } });
  return { code, stdout, stderr };
};

describe("ollamamax", () => {
  it("deploys with --wait, printing each phase as it finishes, and exits 0", async () => {
    const { code, stdout } = await cli(["deploy", "--topology", "ok", "--strategy", "dag", "--wait"]);
    expect(code).toBe(0);
    expect(stdout).toContain("phase 1/2 Foundation ready at 2.1 s (took 2.0 s)");
    expect(stdout).toContain("phase 2/2 App ready at 5.2 s (took 3.0 s)");
    expect(stdout).toContain("run run-ok healthy in 5.3 s");
  });

  it("exits 1 with the run's error when the deploy fails", async () => {
    const { code, stdout, stderr } = await cli([
      "deploy",
      "--topology",
      "bad",
      "--strategy",
      "dag",
      "--wait",
    ]);
    expect(code).toBe(1);
    expect(stdout).not.toContain("App ready");
    expect(stderr).toContain("run run-bad failed: app did not become healthy within 3 s");
    expect(stderr).toContain("last health check: exit 1");
  });

  it("says which exit code a script gets for usage, refusal, auth and an absent panel", async () => {
    expect((await cli(["deploy", "--topology", "ok"])).code).toBe(2);
    expect((await cli(["deploy", "--topology", "ok", "--strategy", "fastest"])).code).toBe(2);
    const unknown = await cli(["deploy", "--topology", "nope", "--strategy", "dag"]);
    expect(unknown).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('No topology "nope" (404 not_found)'),
    });
    expect((await cli(["runs"], { PANEL_URL: url, PANEL_TOKEN: "wrong" })).code).toBe(3);
    expect((await cli(["runs"], { PANEL_URL: url })).code).toBe(3);
    expect((await cli(["runs"], { PANEL_URL: "http://127.0.0.1:9", PANEL_TOKEN: TOKEN })).code).toBe(4);
  });

  it("deploys a past run again; a gone image ID exits 1 with the reason until --accept-current-images", async () => {
    const refused = await cli(["redeploy", "run-gone"]);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining("app:1: sha256:a is gone") });
    expect(await cli(["redeploy", "run-gone", "--accept-current-images"])).toMatchObject({
      code: 0,
      stdout: "run-ok\n",
    });
    const waited = await cli(["redeploy", "run-old", "--wait", "--no-progress"]);
    expect(waited.code).toBe(0);
    expect((await cli(["redeploy"])).code).toBe(2);
  });

  it("cancels a run: at once, or with --wait until it ended cancelled (exit 0)", async () => {
    expect(await cli(["cancel", "run-live"])).toMatchObject({ code: 0, stdout: "run run-live cancelling\n" });
    const waited = await cli(["cancel", "run-live", "--wait"]);
    expect(waited.code, waited.stderr).toBe(0);
    expect(waited.stdout).toContain("phase 1/2 Foundation ready at 2.1 s");
    expect(waited.stdout).toMatch(/^run run-live cancelled in 5\.3 s$/m);
    expect(cancelled).toEqual(["run-live", "run-live"]);
  });

  it("exits 1 when the run ended otherwise before the cancel, 2 for a run not in flight", async () => {
    const late = await cli(["cancel", "run-late", "--wait"]);
    expect(late).toMatchObject({ code: 1, stderr: expect.stringContaining("the cancel came too late") });
    expect(late.stderr).toContain("run run-late healthy");
    const done = await cli(["cancel", "run-done", "--wait"]);
    expect(done).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("not in flight: it has finished already (404 not_found)"),
    });
    expect((await cli(["cancel"])).code).toBe(2);
    expect((await cli(["cancel", "run-live"], { PANEL_URL: url, PANEL_TOKEN: "wrong" })).code).toBe(3);
  });

  it("lists runs of one environment with --environment", async () => {
    const listed = await cli(["runs", "--environment", "gpu-box", "--kind", "deploy", "--json"]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout).query).toEqual({ limit: "20", kind: "deploy", environment: "gpu-box" });
    // The next page's command keeps the filters: the cursor belongs to this list.
    const paged = await cli(["runs", "--environment", "gpu-box", "--limit", "1"]);
    expect(paged.stdout).toContain("more: ollamamax runs --limit 1 --environment gpu-box --cursor c2\n");
  });

  it("prints what compare answers, as is", async () => {
    expect(await cli(["compare", "a", "b", "--format", "md"])).toMatchObject({
      code: 0,
      stdout: "| Phase | a | b |\n",
    });
  });
});
