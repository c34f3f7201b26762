// The CLI against a real panel (server.ts, a scratch database, an operator's API token) and the
// real engine: deploy --wait prints phases as they finish and exits 0; compare prints the tables;
// teardown leaves nothing; a failed deploy exits 1 with the run's error. The panel's /metrics then
// carries those runs and passes `promtool check metrics`.
import { execFileSync, spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { leftovers, purgeProject } from "./fixtures/deploy-support";
import { startPanelServer, type PanelServer } from "./fixtures/panel-server";

const project = `climetrics-${process.pid}`;
const crashProject = `${project}-crash`;
const slowProject = `${project}-slow`;
const check = `
    healthcheck:
      test: ["CMD-SHELL", "wget -q -O- http://localhost:8080/health"]
      interval: 1s
      timeout: 1s
      retries: 3`;
// httpd as PID 1 ignores SIGTERM (each teardown would wait Docker's 10 s): a shell that exits on it.
const SERVE = "trap 'exit 0' TERM; httpd -f -p 8080 -h /www & wait";
// Two phases, the second ready about 3 s after the first: lines that come as phases finish are
// seconds apart, a report printed at the end is not.
const TOPOLOGIES = {
  clitest: `name: ${project}
services:
  db:
    image: ollamamax-test/busybox:latest
    command: ["sh", "-c", "${SERVE}"]
    x-phase: Storage${check}
  app:
    image: ollamamax-test/busybox:latest
    command: ["sh", "-c", "sleep 3; ${SERVE}"]
    depends_on:
      db:
        condition: service_healthy
    x-phase: App${check}
      start_period: 30s
`,
  // Never healthy within the test: a deploy of it is in flight until cancelled.
  "clitest-slow": `name: ${slowProject}
services:
  slow:
    image: ollamamax-test/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"]
    healthcheck:
      test: ["CMD-SHELL", "exit 1"]
      interval: 1s
      timeout: 1s
      retries: 100
      start_period: 120s
`,
  "clitest-crash": `name: ${crashProject}
services:
  crash:
    image: ollamamax-test/busybox:latest
    command: ["sh", "-c", "echo cannot read config; exit 3"]
`,
};

let panel: PanelServer;
beforeAll(async () => {
  panel = await startPanelServer({ topologies: TOPOLOGIES });
  // Next's dev server compiles a route on its first request: do that now, so the event stream is
  // open before the deploy's phases finish (the timing test below reads when lines arrive).
  for (const [method, path] of [
    ["POST", "/api/v1/deploy"],
    ["POST", "/api/v1/teardown"],
    ["POST", "/api/v1/runs/none/cancel"],
    ["GET", "/api/v1/runs/none/events"],
    ["GET", "/api/v1/runs/none"],
    ["GET", "/api/v1/runs"],
    ["GET", "/api/v1/compare"],
    ["GET", "/metrics"],
  ] as const)
    await fetch(`${panel.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${panel.token}`, "content-type": "application/json" },
      body: method === "POST" ? "{}" : undefined,
    });
});
afterAll(async () => {
  await panel?.stop();
  await purgeProject(project);
  await purgeProject(crashProject);
  await purgeProject(slowProject);
});

type CliRun = { code: number | null; stdout: string; stderr: string; lines: { at: number; line: string }[] };

/** Runs `ollamamax ARGS` as a script would (a pipe, not a terminal), timing each stdout line. */
const cli = (args: string[], env: Record<string, string> = {}): Promise<CliRun> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, ["cli/bin.mjs", ...args], {
      env: { ...process.env, PANEL_URL: panel.url, PANEL_TOKEN: panel.token, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const run: CliRun = { code: null, stdout: "", stderr: "", lines: [] };
    let partial = "";
    child.stdout.on("data", (chunk: Buffer) => {
      run.stdout += chunk.toString();
      const parts = (partial + chunk.toString()).split("\n");
      partial = parts.pop() ?? "";
      for (const line of parts) run.lines.push({ at: Date.now(), line });
    });
    child.stderr.on("data", (chunk: Buffer) => (run.stderr += chunk.toString()));
    child.on("close", (code) => resolve({ ...run, code }));
  });

const runIdOf = (run: CliRun): string => {
  const id = /^run (\S+): deploy of/m.exec(run.stdout)?.[1];
  if (!id) throw new Error(`no run id in:\n${run.stdout}\n${run.stderr}`);
  return id;
};

const scrape = async (token: string | null): Promise<Response> =>
  fetch(`${panel.url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe("npx ollamamax against a running panel", () => {
  const runIds: string[] = [];

  it("deploys with --wait, printing each phase as it finishes, and exits 0", async () => {
    const run = await cli([
      "deploy",
      "--topology",
      "clitest",
      "--strategy",
      "phased",
      "--fit",
      "clamp",
      "--wait",
    ]);
    expect(run.code, `${run.stdout}\n${run.stderr}\n(panel log: ${panel.logFile})`).toBe(0);
    const storage = run.lines.find((l) => /^phase 1\/2 Storage ready at [\d.]+ s/.test(l.line));
    const app = run.lines.find((l) => /^phase 2\/2 App ready at [\d.]+ s/.test(l.line));
    expect(storage && app, run.stdout).toBeTruthy();
    // Printed when it happened: the app phase finishes ~3 s after storage, and so do the lines.
    expect((app?.at ?? 0) - (storage?.at ?? 0)).toBeGreaterThan(1_500);
    expect(run.stdout).toMatch(/^run \S+ healthy in [\d.]+ s$/m);
    expect((await leftovers(project)).containers).toBe(2);
    runIds.push(runIdOf(run));

    const status = await cli(["status"]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain(`clitest (project ${project}): 2 service(s)`);
    expect(status.stdout).toMatch(/^app\s+running\s+healthy\s/m);
    expect(status.stdout).toMatch(/^db\s+running\s+healthy\s/m);
  });

  it("serves /metrics with the run's histograms to a token only, in a format promtool accepts", async () => {
    expect((await scrape(null)).status).toBe(401);
    expect((await scrape("omx_not-a-token")).status).toBe(401);
    const response = await scrape(panel.token);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = await response.text();
    const labels = 'kind="deploy",topology="clitest",strategy="phased"';
    expect(text).toContain(`ollamamax_run_duration_seconds_count{${labels},outcome="healthy"} 1`);
    expect(text).toContain(`ollamamax_runs_total{${labels},outcome="healthy"} 1`);
    expect(text).toMatch(new RegExp(`ollamamax_phase_ready_seconds_count\\{${labels},phase="App"\\} 1`));
    expect(text).toMatch(
      new RegExp(`ollamamax_phase_duration_seconds_sum\\{${labels},phase="Storage"\\} [\\d.]+`),
    );
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds [\d.e-]+$/m);
    expect(text).toMatch(/^ollamamax_socket_clients \d+$/m);
    expect(text).toMatch(/^ollamamax_stats_containers_watched \d+$/m);
    // promtool reads the exposition from stdin and exits non-zero on any format or naming problem.
    const lint = execFileSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
    expect(lint).toBe("");
  });

  it("tears down to nothing, deploys again, and compares the two deploys as markdown tables", async () => {
    const teardown = await cli(["teardown", "--topology", "clitest", "--wait"]);
    expect(teardown.code, teardown.stderr).toBe(0);
    expect(teardown.stdout).toMatch(/^run \S+ torn_down/m);
    expect(await leftovers(project)).toEqual({ containers: 0, networks: 0, volumes: 0 });

    const again = await cli([
      "deploy",
      "--topology",
      "clitest",
      "--strategy",
      "dag",
      "--wait",
      "--no-progress",
    ]);
    expect(again.code, again.stderr).toBe(0);
    runIds.push(runIdOf(again));

    const compare = await cli(["compare", ...runIds, "--format", "md"]);
    expect(compare.code, compare.stderr).toBe(0);
    // A markdown table: a header row, its separator, and the topology's own phases as rows.
    expect(compare.stdout).toMatch(/^\|.*\|$/m);
    expect(compare.stdout).toMatch(/^\|\s*:?-{3,}/m);
    expect(compare.stdout).toContain("Storage");
    expect(compare.stdout).toContain("App");

    const runs = await cli(["runs", "--topology", "clitest"]);
    expect(runs.code, runs.stderr).toBe(0);
    for (const id of runIds) expect(runs.stdout).toContain(id);

    const last = await cli(["teardown", "--topology", "clitest", "--remove-volumes", "--wait"]);
    expect(last.code, last.stderr).toBe(0);
    expect(await leftovers(project)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });

  it("exits 1 with the run's error when a deploy fails, and 2 for a topology that does not exist", async () => {
    const failed = await cli(["deploy", "--topology", "clitest-crash", "--strategy", "sequential", "--wait"]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/run \S+ failed: .*crash exited with code 3/);
    expect(failed.stderr).toContain("cannot read config");
    // The failed run's cleanup may still be removing what it created when the verdict arrives.
    await expect
      .poll(() => leftovers(crashProject), { timeout: 20_000 })
      .toEqual({
        containers: 0,
        networks: 0,
        volumes: 0,
      });

    const unknown = await cli(["deploy", "--topology", "no-such-topology", "--strategy", "dag", "--wait"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("no-such-topology");

    const metrics = await (await scrape(panel.token)).text();
    expect(metrics).toContain(
      'ollamamax_runs_total{kind="deploy",topology="clitest-crash",strategy="sequential",outcome="failed"} 1',
    );
    expect(metrics).toMatch(
      /ollamamax_runs_total\{kind="teardown",topology="clitest",strategy="none",outcome="torn_down"\} 2/,
    );
  });

  it("cancels a deploy in flight, exiting 0 once it ended cancelled, and lists it by environment", async () => {
    const started = await cli(["deploy", "--topology", "clitest-slow", "--strategy", "sequential"]);
    expect(started.code, started.stderr).toBe(0);
    const runId = started.stdout.trim();
    const cancel = await cli(["cancel", runId, "--wait", "--no-progress"]);
    expect(cancel.code, `${cancel.stdout}\n${cancel.stderr}\n(panel log: ${panel.logFile})`).toBe(0);
    expect(cancel.stdout).toMatch(new RegExp(`^run ${runId}: deploy of ${slowProject}`, "m"));
    expect(cancel.stdout).toMatch(new RegExp(`^run ${runId} cancelled in [\\d.]+ s$`, "m"));
    // Cancelled, it cleans up like a failure.
    await expect
      .poll(() => leftovers(slowProject), { timeout: 20_000 })
      .toEqual({ containers: 0, networks: 0, volumes: 0 });

    const again = await cli(["cancel", runId]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("not in flight");

    type Page = { items: { id: string; status: string; environmentId: string | null }[] };
    const local = await cli(["runs", "--environment", "local", "--topology", "clitest-slow", "--json"]);
    expect(local.code, local.stderr).toBe(0);
    expect((JSON.parse(local.stdout) as Page).items).toMatchObject([
      { id: runId, status: "cancelled", environmentId: null },
    ]);
    const elsewhere = await cli(["runs", "--environment", "no-such-environment", "--json"]);
    expect(elsewhere.code, elsewhere.stderr).toBe(0);
    expect((JSON.parse(elsewhere.stdout) as Page).items).toEqual([]);
  });

  it("exits 3 for a token the panel refuses", async () => {
    const refused = await cli(["runs"], { PANEL_TOKEN: "omx_not-a-token" });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain("401");
  });
});
