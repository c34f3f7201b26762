// The panel killed mid-deploy and started again (its own server lifecycle, own database copy, a
// fixture topology folder): the dashboard lists the interrupted run's leftovers, and "Tear down"
// from there leaves nothing of it on the engine.
import { execFileSync, type ChildProcess } from "node:child_process";
import { copyFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, request as playwrightRequest, test } from "@playwright/test";
import { freeLoopbackPort, killOwnPanel, startOwnPanel } from "./own-panel";
import { E2E_PASSWORD, E2E_USERS } from "./users";

const PROJECT = "e2e-crashtest";
let port = "";
let base = "";
let database = "";
let server: ChildProcess | null = null;

const docker = (...args: string[]): string[] =>
  execFileSync("docker", args, { encoding: "utf8" }).split("\n").filter(Boolean);
const leftovers = (): string[] => [
  ...docker("ps", "-aq", "--filter", `label=com.docker.compose.project=${PROJECT}`),
  ...docker("network", "ls", "-q", "--filter", `label=com.docker.compose.project=${PROJECT}`),
  ...docker("volume", "ls", "-q", "--filter", `label=com.docker.compose.project=${PROJECT}`),
];
const purge = () => {
  for (const id of docker("ps", "-aq", "--filter", `label=com.docker.compose.project=${PROJECT}`))
    docker("rm", "-f", id);
  for (const id of docker("network", "ls", "-q", "--filter", `label=com.docker.compose.project=${PROJECT}`))
    docker("network", "rm", id);
  for (const id of docker("volume", "ls", "-q", "--filter", `label=com.docker.compose.project=${PROJECT}`))
    docker("volume", "rm", id);
};

const startServer = async (): Promise<void> => {
  server = await startOwnPanel({ port, database, logName: "crash" });
};

const killServer = () => {
  killOwnPanel(server);
  server = null;
};

test.beforeAll(async () => {
  port = await freeLoopbackPort();
  base = `http://127.0.0.1:${port}`;
  database = path.join(os.tmpdir(), `ollamamax-e2e-crash-${port}.db`);
  purge();
  // The seeded users, in a database of its own: the other specs' server never sees this run.
  copyFileSync(process.env.E2E_DB ?? "", database);
});
test.afterAll(() => {
  killServer();
  purge();
});

test("after a panel restart mid-deploy, the dashboard lists the leftovers and tears them down", async ({
  page,
}) => {
  await startServer();
  const api = await playwrightRequest.newContext({ baseURL: base });
  const signIn = await api.post("/api/auth/login", {
    data: { username: E2E_USERS.operator, password: E2E_PASSWORD },
  });
  expect(signIn.status()).toBe(200);
  const deploy = await api.post("/api/deploy", { data: { topology: "crashtest", strategy: "dag" } });
  expect(deploy.status(), await deploy.text()).toBe(202);
  const { runId } = ((await deploy.json()) as { data: { runId: string } }).data;
  // Stored while it runs: "app" is seen running (it sleeps a minute before it is ready).
  await expect
    .poll(
      async () => {
        const run = (await (await api.get(`/api/runs/${runId}`)).json()) as {
          data?: { status: string; services: { service: string; runningAtMs: number | null }[] };
        };
        return run.data?.services.some((s) => s.service === "app" && s.runningAtMs !== null)
          ? run.data.status
          : null;
      },
      { timeout: 60_000 },
    )
    .toBe("running");
  await api.dispose();
  killServer();
  expect(leftovers().length).toBeGreaterThan(0);

  await startServer();
  const login = await page.request.post(`${base}/api/auth/login`, {
    data: { username: E2E_USERS.operator, password: E2E_PASSWORD },
  });
  expect(login.status()).toBe(200);
  await page.goto(`${base}/`);
  const group = page.getByTestId(`leftover-${runId}`);
  await expect(group).toContainText("deploy interrupted");
  await expect(group).toContainText(`${PROJECT}-app-1`);
  await expect(group).toContainText(`${PROJECT}-db-1`);
  await page.screenshot({ path: "docs/screenshots/dashboard-leftovers.png" });
  await group.getByRole("button", { name: "Teardown leftovers" }).click();
  await expect(page.getByTestId(`leftover-${runId}`)).toHaveCount(0, { timeout: 60_000 });
  await expect.poll(leftovers, { timeout: 30_000 }).toEqual([]);

  await page.goto(`${base}/runs/${runId}`);
  await expect(page.getByTestId("run-detail")).toContainText("interrupted");
  await expect(page.getByTestId("run-detail")).toContainText("done: Docker lists nothing of the run");
});
