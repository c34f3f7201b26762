// The panel's database disk filling mid-deploy, as the person at the dashboard sees it (issue 27):
// its own server on a database in a 96 MiB tmpfs this spec mounts (needs root), a fixture topology
// whose "app" is ready after ~12 s. Once the disk is full the run's next rows cannot be written: the
// Database card says "recording delayed: disk full" for that run; once space is back the card reads
// Ready again and the run is stored with its outcome. Tear down leaves nothing.
import { execFileSync, type ChildProcess } from "node:child_process";
import {
  closeSync,
  copyFileSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statfsSync,
  writeSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { freeLoopbackPort, killOwnPanel, startOwnPanel } from "./own-panel";
import { E2E_PASSWORD, E2E_USERS } from "./users";

const PROJECT = "e2e-slowready";
// Made in beforeAll: the runner process also loads this file (to list its tests).
let dbDir = "";
let ballast = "";
let port = "";
let base = "";
let server: ChildProcess | null = null;

const docker = (...args: string[]): string[] =>
  execFileSync("docker", args, { encoding: "utf8" }).split("\n").filter(Boolean);
const byProject = ["--filter", `label=com.docker.compose.project=${PROJECT}`];
const leftovers = (): string[] => [
  ...docker("ps", "-aq", ...byProject),
  ...docker("network", "ls", "-q", ...byProject),
  ...docker("volume", "ls", "-q", ...byProject),
];
const purge = () => {
  for (const id of docker("ps", "-aq", ...byProject)) docker("rm", "-f", id);
  for (const id of docker("network", "ls", "-q", ...byProject)) docker("network", "rm", id);
};

/** Fills the database's tmpfs with the ballast file until the kernel refuses a write. */
const fillDisk = () => {
  const fd = openSync(ballast, "a");
  const chunk = Buffer.alloc(2 ** 20);
  try {
    for (const size of [2 ** 20, 4096]) {
      for (;;) {
        const { bavail, bsize } = statfsSync(dbDir);
        if (bavail * bsize < size) break;
        writeSync(fd, chunk, 0, size);
      }
    }
  } catch (error) {
    if ((error as { code?: string }).code !== "ENOSPC") throw error;
  } finally {
    closeSync(fd);
  }
};

test.beforeAll(async () => {
  port = await freeLoopbackPort();
  base = `http://127.0.0.1:${port}`;
  dbDir = mkdtempSync(path.join(os.tmpdir(), "ollamamax-e2e-delayed-"));
  ballast = path.join(dbDir, "ballast");
  purge();
  execFileSync("mount", ["-t", "tmpfs", "-o", "size=96m", "tmpfs", dbDir]);
  // The seeded users, in a database of its own on the small disk.
  copyFileSync(process.env.E2E_DB ?? "", path.join(dbDir, "panel.db"));
  server = await startOwnPanel({ port, database: path.join(dbDir, "panel.db"), logName: "delayed" });
});
test.afterAll(() => {
  killOwnPanel(server);
  if (dbDir) {
    rmSync(ballast, { force: true });
    execFileSync("umount", ["-l", dbDir]);
    rmSync(dbDir, { recursive: true, force: true });
  }
  purge();
});

/**
 * Opens the dashboard (again); a load Chromium aborts because the host's network interfaces changed
 * (containers' veths come and go on this shared machine) is tried again, a second later. Chromium
 * reports that abort either as net::ERR_NETWORK_CHANGED or, when its error page commits first, as a
 * navigation "interrupted by another navigation to chrome-error://chromewebdata/" (CI, stop 25). A
 * panel that is down fails all five tries, with the last error.
 */
const openDashboard = async (page: Page) => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await page.goto(`${base}/`);
      return;
    } catch (error) {
      if (attempt >= 5 || !/ERR_NETWORK_CHANGED|chrome-error:\/\/chromewebdata/.test(String(error)))
        throw error;
      await page.waitForTimeout(1_000);
    }
  }
};

test("the database's disk full mid-deploy: the dashboard says recording delayed, then the run is stored", async ({
  page,
}) => {
  const login = await page.request.post(`${base}/api/auth/login`, {
    data: { username: E2E_USERS.operator, password: E2E_PASSWORD },
  });
  expect(login.status()).toBe(200);
  const api = page.request;
  const deploy = await api.post(`${base}/api/deploy`, { data: { topology: "slowready", strategy: "dag" } });
  expect(deploy.status(), await deploy.text()).toBe(202);
  const { runId } = ((await deploy.json()) as { data: { runId: string } }).data;
  // Stored while it runs; then the disk fills before "app" is ready.
  await expect
    .poll(
      async () =>
        ((await (await api.get(`${base}/api/runs/${runId}`)).json()) as { data?: { status: string } }).data
          ?.status,
      { timeout: 30_000 },
    )
    .toBe("running");
  fillDisk();
  try {
    await openDashboard(page);
    const delayed = page.getByTestId("recording-delayed");
    // A server-rendered card: what a person sees on the next load of the dashboard.
    await expect
      .poll(
        async () => {
          await openDashboard(page);
          return delayed.count();
        },
        { timeout: 60_000, intervals: [1_000] },
      )
      .toBe(1);
    await expect(delayed).toContainText(`Run ${runId}: recording delayed: disk full`);
    const card = page.getByTestId("database-card");
    await expect(card).toContainText("Not writable: no run starts until it is.");
  } finally {
    rmSync(ballast, { force: true });
  }
  // Space is back: the journal's retry writes the run; the card reads Ready again.
  try {
    await expect
      .poll(
        async () => {
          await openDashboard(page);
          return page.getByTestId("database-card").innerText();
        },
        { timeout: 60_000, intervals: [1_000] },
      )
      .toContain("Ready");
  } catch (error) {
    // Once seen under load only (issue 35): what the panel knew, for the next person to read.
    const health = await api.get(`${base}/api/health`).then((r) => r.text(), String);
    const log = path.join(os.tmpdir(), `ollamamax-e2e-delayed-${port}.log`);
    const tail = (() => {
      try {
        return readFileSync(log, "utf8").split("\n").slice(-60).join("\n");
      } catch {
        return "(no log)";
      }
    })();
    throw new Error(`${String(error)}\n/api/health: ${health}\npanel log (${log}), last lines:\n${tail}`);
  }
  await expect(page.getByTestId("recording-delayed")).toHaveCount(0);
  await expect
    .poll(
      async () =>
        ((await (await api.get(`${base}/api/runs/${runId}`)).json()) as { data?: { status: string } }).data
          ?.status,
      { timeout: 60_000 },
    )
    .toBe("healthy");
  const teardown = await api.post(`${base}/api/teardown`, {
    data: { topology: "slowready", removeVolumes: true },
  });
  expect(teardown.status(), await teardown.text()).toBe(202);
  await expect.poll(leftovers, { timeout: 60_000 }).toEqual([]);
});
