// The confined file reader against a real panel process (server.ts, its own environment holding
// JWT_SECRET and DATABASE_URL): the operator → admin exploit of issue 25 (an include's env_file
// naming /proc/self/environ, an included file's label interpolating ${DATABASE_URL}) is refused at
// add, at deploy and on display; a FIFO, a folder or /dev/zero named as env_file is a 400 at once,
// and the panel keeps answering /api/live while the FIFO has no writer.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPanelServer, type PanelServer } from "./fixtures/panel-server";
import { apiToken, apiUser } from "./fixtures/scratch-panel";

const LABELLED = 'services:\n  web:\n    image: busybox\n    labels:\n      x: "${DATABASE_URL:-none}"\n';
/** An admin's folder on disk whose include reads the panel's environment (the file as written). */
const ON_DISK_EXPLOIT = [
  "include:",
  "  - path: ./labelled.yml",
  "    env_file: /proc/self/environ",
  "services:",
  "  app:",
  "    image: busybox",
  "",
].join("\n");

const outside = mkdtempSync(join(tmpdir(), "confined-outside-"));
const fifo = join(outside, "pipe.env");
execFileSync("mkfifo", [fifo]);
mkdirSync(join(outside, "folder"));

let panel: PanelServer;
let viewerToken: string;

beforeAll(async () => {
  panel = await startPanelServer({
    topologies: { "disk-exploit": ON_DISK_EXPLOIT, "disk-fifo": envFileCompose("./pipe.env") },
    topologyFiles: { "disk-exploit": { "labelled.yml": LABELLED } },
  });
  execFileSync("mkfifo", [join(panel.topologiesDir, "disk-fifo", "pipe.env")]);
  const viewer = await apiUser({ username: "reader-viewer", role: "viewer" });
  viewerToken = await apiToken({ user: viewer, name: "viewer" });
  // Next's dev server compiles a route on its first request: warm the ones timed below.
  await addAs(panel.token, "warm-up", "services: {}\n");
  // …and the refusal path (the first refusal compiles the error answer's modules).
  for (let round = 0; round < 3; round += 1)
    await addAs(panel.token, "warm-refused", envFileCompose("/dev/null"));
  await fetch(`${panel.url}/api/live`);
});

afterAll(async () => {
  await panel?.stop();
  rmSync(outside, { recursive: true, force: true });
});

function envFileCompose(envFile: string): string {
  return `services:\n  app:\n    image: busybox\n    env_file: ${envFile}\n`;
}

const addAs = (token: string, name: string, compose: string) =>
  fetch(`${panel.url}/api/topologies`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ name, compose }),
  });

const getAs = (token: string, path: string) =>
  fetch(`${panel.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

/** The error message of an answer, and its whole text (for what it must not hold). */
const answerOf = async (response: Response): Promise<{ message: string; text: string }> => {
  const text = await response.text();
  const parsed = JSON.parse(text) as { error?: { message?: string } };
  return { message: parsed.error?.message ?? "", text };
};

/** What the panel's own environment holds and must never show (its secret, its database URL). */
const PANEL_ENVIRONMENT = /JWT_SECRET|panel\.db|PANEL_TOPOLOGIES_DIR/;

describe("operator → admin through include's env_file (issue 25)", () => {
  it("refuses the add with the key and line, and shows viewers nothing of the panel's environment", async () => {
    // The labelled file alone is harmless: the cluster's variables hold no DATABASE_URL.
    const labelled = await addAs(panel.token, "exploit-labels", LABELLED);
    expect(labelled.status).toBe(201);
    const exploit = await addAs(
      panel.token,
      "exploit-include",
      [
        "include:",
        "  - path: ../exploit-labels/docker-compose.yml",
        "    env_file: /proc/self/environ",
        "services: {}",
        "",
      ].join("\n"),
    );
    const { message, text } = await answerOf(exploit);
    expect(exploit.status).toBe(400);
    expect(message).toMatch(
      /line 2: include\.0: "\.\.\/exploit-labels\/docker-compose\.yml" is not a file this topology may read/,
    );
    expect(text).not.toMatch(PANEL_ENVIRONMENT);
    // Nothing was stored, and what viewers read holds no value of the panel's environment.
    expect((await getAs(viewerToken, "/api/v1/topologies/exploit-include")).status).toBe(404);
    const shown = await getAs(viewerToken, "/api/v1/topologies/exploit-labels");
    expect(shown.status).toBe(200);
    const body = await shown.text();
    expect(body).toContain('"x":"none"');
    expect(body).not.toMatch(PANEL_ENVIRONMENT);
  });

  it("refuses a folder written on disk with the same include at deploy, and never displays the environment", async () => {
    const deploy = await fetch(`${panel.url}/api/deploy`, {
      method: "POST",
      headers: { authorization: `Bearer ${panel.token}`, "content-type": "application/json" },
      body: JSON.stringify({ topology: "disk-exploit", strategy: "dag" }),
    });
    const { message, text } = await answerOf(deploy);
    expect(deploy.status).toBe(400);
    expect(message).toMatch(
      /line 3: include\.0\.env_file: "\/proc\/self\/environ" is not a file this topology may read/,
    );
    expect(text).not.toMatch(PANEL_ENVIRONMENT);
    const shown = await getAs(viewerToken, "/api/v1/topologies/disk-exploit");
    expect(await shown.text()).not.toMatch(PANEL_ENVIRONMENT);
  });
});

describe("env files that are no regular file", () => {
  /** The fastest of three answers to adding `compose` (status, message, elapsed ms). */
  const fastestAdd = async (compose: string) => {
    const tries: { status: number; message: string; elapsedMs: number }[] = [];
    for (let round = 0; round < 3; round += 1) {
      const startedMs = performance.now();
      const answer = await addAs(panel.token, "special-env", compose);
      const elapsedMs = performance.now() - startedMs;
      tries.push({ status: answer.status, ...(await answerOf(answer)), elapsedMs });
    }
    return tries.sort((a, b) => a.elapsedMs - b.elapsedMs)[0] as (typeof tries)[number];
  };

  it.each([
    ["a FIFO with no writer", fifo],
    ["a folder", join(outside, "folder")],
    ["/dev/zero", "/dev/zero"],
  ])("answers 400 for %s as env_file at once, naming key and line", async (_what, envFile) => {
    // The same route refusing a file for a plain schema error: what the dev server costs anyway.
    const baseline = await fastestAdd("services:\n  app:\n    image: busybox\n    restart: sometimes\n");
    const special = await fastestAdd(envFileCompose(envFile));
    expect(special.status).toBe(400);
    expect(special.message).toMatch(
      /line 4: services\.app\.env_file: ".*" is not a file this topology may read/,
    );
    // Provisional on a shared machine (the old code blocked on the FIFO until a writer came, answered
    // 500 for the folder and read /dev/zero until memory ran out): the file adds under 100 ms.
    expect(special.elapsedMs - baseline.elapsedMs).toBeLessThan(100);
    expect(special.elapsedMs).toBeLessThan(1000);
    console.log(
      `${envFile}: ${special.elapsedMs.toFixed(0)} ms (plain refusal ${baseline.elapsedMs.toFixed(0)} ms)`,
    );
  });

  it("keeps answering /api/live while a topology's env_file FIFO has no writer", async () => {
    const deploy = fetch(`${panel.url}/api/deploy`, {
      method: "POST",
      headers: { authorization: `Bearer ${panel.token}`, "content-type": "application/json" },
      body: JSON.stringify({ topology: "disk-fifo", strategy: "dag" }),
    });
    const startedMs = Date.now();
    const live = await fetch(`${panel.url}/api/live`);
    expect(live.status).toBe(200);
    expect(Date.now() - startedMs).toBeLessThan(1000);
    const refused = await deploy;
    expect(refused.status).toBe(400);
    expect((await answerOf(refused)).message).toMatch(
      /services\.app\.env_file: "\.\/pipe\.env" is not a file this topology may read/,
    );
  });
});
