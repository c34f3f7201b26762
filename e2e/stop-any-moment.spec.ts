// A person can stop the cluster at any moment from the dashboard: Tear down clicked mid-deploy,
// right after "ready" (before Docker confirms the health checks) and mid-scale leaves nothing
// running, and history keeps both runs with their outcomes. Deploys the optimized topology: run it
// under `flock /tmp/ollamamax-cluster.lock`.
import { execFileSync } from "node:child_process";
import { expect, test, type Page } from "@playwright/test";
import { removeProjectLeftovers } from "./cluster-cleanup";
import { signInAs } from "./fixtures";

const PROJECT = "optimized";
/** What a teardown of this topology takes here at most (its usual time is a few seconds). */
const TEARDOWN_MS = 60_000;

const containersOfProject = (): string[] =>
  execFileSync("docker", ["ps", "-aq", "--filter", `label=com.docker.compose.project=${PROJECT}`])
    .toString()
    .split("\n")
    .filter(Boolean);

type StoredRun = {
  id: string;
  kind: string;
  status: string;
  startedAt: string;
  totalMs: number | null;
  readyMs: number | null;
  dockerHealthyMs: number | null;
  settings: Record<string, unknown>;
};
const storedRun = async (page: Page, id: string): Promise<StoredRun> =>
  (await (await page.request.get(`/api/runs/${id}`)).json()).data as StoredRun;

/** Waits until the run is stored with a final status, and returns it. */
const finishedRun = async (page: Page, id: string): Promise<StoredRun> => {
  await expect
    .poll(async () => (await storedRun(page, id))?.status, { timeout: 120_000 })
    .not.toMatch(/^(running|undefined)$/);
  return storedRun(page, id);
};

/** Clicks Tear down; returns the teardown's run id (from the answer) and the time of the click. */
const clickTearDown = async (page: Page): Promise<{ teardownId: string; clickedAt: number }> => {
  const answered = page.waitForResponse(
    (r) => r.url().endsWith("/api/teardown") && r.request().method() === "POST",
  );
  const tearDown = page.getByRole("button", { name: "Tear down" });
  await expect(tearDown).toBeEnabled();
  const clickedAt = Date.now();
  await tearDown.click();
  const answer = await (await answered).json();
  expect(answer.ok, JSON.stringify(answer)).toBe(true);
  return { teardownId: answer.data.runId as string, clickedAt };
};

/** Nothing of the project is left, within the teardown's usual time of the click. */
const expectNothingRunning = async (clickedAt: number) => {
  await expect.poll(containersOfProject, { timeout: TEARDOWN_MS }).toEqual([]);
  return Date.now() - clickedAt;
};

const deployFromDashboard = async (page: Page): Promise<string> => {
  const started = page.waitForResponse(
    (r) => r.url().endsWith("/api/deploy") && r.request().method() === "POST",
  );
  await page
    .getByRole("form", { name: "Deploy" })
    .getByRole("button", { name: "Deploy", exact: true })
    .click();
  const answer = await (await started).json();
  expect(answer.ok, JSON.stringify(answer)).toBe(true);
  return answer.data.runId as string;
};

test.describe.configure({ mode: "serial" });
test.beforeAll(() => removeProjectLeftovers(PROJECT));
test.afterAll(() => removeProjectLeftovers(PROJECT));

test.beforeEach(async ({ page }) => {
  await signInAs(page.request, "operator");
  await page.goto("/");
  await page.getByRole("combobox", { name: "Topology" }).selectOption(PROJECT);
});

test("Tear down mid-deploy cancels the deploy and tears down in one action", async ({ page }) => {
  test.setTimeout(300_000);
  const deployId = await deployFromDashboard(page);
  // Mid-deploy: the first phase has a service up, the deploy has no verdict yet.
  await expect(page.getByTestId("run-state")).toContainText(/starting phase/, { timeout: 120_000 });
  await expect(page.getByTestId("service-postgres")).toHaveAttribute("data-state", /starting|healthy/, {
    timeout: 60_000,
  });
  await expect(page.getByTestId("run-outcome")).toHaveCount(0);
  // Cancel and Tear down both look and are enabled; Deploy looks and is disabled.
  await expect(page.getByRole("button", { name: "Cancel" })).toBeEnabled();
  const { teardownId, clickedAt } = await clickTearDown(page);
  const tookMs = await expectNothingRunning(clickedAt);
  test.info().annotations.push({ type: "mid-deploy stop → nothing running", description: `${tookMs} ms` });

  const deploy = await finishedRun(page, deployId);
  expect(deploy.status).toBe("cancelled");
  expect(deploy.readyMs).toBeNull();
  const teardown = await finishedRun(page, teardownId);
  expect(teardown).toMatchObject({ kind: "teardown", status: "torn_down" });
  // History shows both, with those outcomes.
  await page.goto("/runs");
  await expect(page.locator(`a[href="/runs/${deployId}"]`).first()).toBeVisible();
  await expect(page.locator(`a[href="/runs/${teardownId}"]`).first()).toBeVisible();
});

test("Tear down right after ready does not wait for Docker's confirmation", async ({ page }) => {
  test.setTimeout(300_000);
  // Docker runs a health check first one interval after the start: at 120 s it cannot confirm within
  // this test's window, on a host however slow (the panel's own probes decide "ready" meanwhile).
  // With the file's interval, a loaded host confirmed between "confirming…" and the click.
  await page.getByText("Tuning variables, load balancer weights and health-check overrides").click();
  await page.getByLabel("Health check: Interval (s)").fill("120");
  const deployId = await deployFromDashboard(page);
  await expect(page.getByTestId("run-outcome")).toHaveText("healthy", { timeout: 240_000 });
  // Ready by the health commands, Docker still confirming: the moment the buttons used to refuse.
  await expect(page.getByTestId("clock-docker-healthy")).toHaveText("confirming…");
  await expect(page.getByRole("button", { name: "Cancel" })).toBeEnabled();
  await expect(page.getByTestId("run-controls-reason")).toContainText("scaling and Tear down work now");
  const { teardownId, clickedAt } = await clickTearDown(page);
  const tookMs = await expectNothingRunning(clickedAt);
  test.info().annotations.push({ type: "after-ready stop → nothing running", description: `${tookMs} ms` });

  const deploy = await finishedRun(page, deployId);
  // The verdict stands; the run records that Docker's confirmation was not awaited.
  expect(deploy.status).toBe("healthy");
  expect(deploy.readyMs).not.toBeNull();
  expect(deploy.dockerHealthyMs).toBeNull();
  expect(deploy.settings.dockerConfirmation).toBe("not awaited");
  expect(await finishedRun(page, teardownId)).toMatchObject({ kind: "teardown", status: "torn_down" });
  await page.goto(`/runs/${deployId}`);
  await expect(page.getByTestId("clock-docker-healthy")).toHaveText("not awaited (stopped after ready)");
});

test("Tear down mid-scale cancels the node addition and tears down", async ({ page }) => {
  test.setTimeout(400_000);
  const deployId = await deployFromDashboard(page);
  await expect(page.getByTestId("run-outcome")).toHaveText("healthy", { timeout: 240_000 });
  // Let the deploy finish (Docker's confirmation included), then add a node.
  await expect
    .poll(async () => (await storedRun(page, deployId))?.status, { timeout: 120_000 })
    .toBe("healthy");
  await expect(page.getByRole("button", { name: "Add worker node" })).toBeEnabled({ timeout: 60_000 });
  const scaled = page.waitForResponse(
    (r) => r.url().endsWith("/api/scale") && r.request().method() === "POST",
  );
  await page.getByRole("button", { name: "Add worker node" }).click();
  const scaleAnswer = await (await scaled).json();
  expect(scaleAnswer.ok, JSON.stringify(scaleAnswer)).toBe(true);
  const scaleId = scaleAnswer.data.runId as string;
  await expect(page.getByRole("heading", { name: "Scale optimized" })).toBeVisible();
  // Tear down at once: waiting to see the new node "starting" first lost the window under load (the
  // loaded CI of 2026-12-07 22:40: the node was already healthy when the page first showed it).
  // Whichever came first, the click or the node's readiness, is judged below from the stored times.
  const { teardownId, clickedAt } = await clickTearDown(page);
  const tookMs = await expectNothingRunning(clickedAt);
  test.info().annotations.push({ type: "mid-scale stop → nothing running", description: `${tookMs} ms` });

  const scale = await finishedRun(page, scaleId);
  test.info().annotations.push({ type: "scale when Tear down was clicked", description: scale.status });
  if (scale.status === "healthy") {
    // The new node can turn ready before the click lands (a fast host, or a slow page under load):
    // then the scale's verdict came first, and Tear down only ended its after-ready wait, as for a
    // deploy. Anything else — a verdict after the click — is a scale Tear down failed to cancel.
    expect(Date.parse(scale.startedAt) + (scale.totalMs ?? Number.POSITIVE_INFINITY)).toBeLessThanOrEqual(
      clickedAt + 1_000,
    );
  } else expect(scale).toMatchObject({ kind: "scale", status: "cancelled" });
  expect(await finishedRun(page, teardownId)).toMatchObject({ kind: "teardown", status: "torn_down" });
  expect((await storedRun(page, deployId)).status).toBe("healthy");
});
