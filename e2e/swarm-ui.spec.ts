// Issue 18, Swarm in the browser without a swarm: the shared engine is never made a swarm manager
// (the swarm lab covers the real path). On an engine whose last check found no manager the dashboard
// offers no Swarm target and no per-node view; on an environment whose stored check says "manager"
// both appear, the form posts `target: "swarm"` without start from empty data, a probe mode or load
// balancer weights (disabled, with their reasons, while Swarm is picked), Tear down posts
// removeVolumes only when "remove volumes" is ticked, and the node view reports the engine's own refusal.
import Database from "better-sqlite3";
import { execFileSync } from "node:child_process";
import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "./fixtures";

const NAME = `e2e-swarmui-${process.pid}`;

const swarmControlsAbsent = async (page: Page) => {
  await expect(page.getByRole("form", { name: "Deploy" })).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Target" })).toHaveCount(0);
  await expect(page.getByRole("checkbox", { name: "Swarm services" })).toHaveCount(0);
  await expect(page.getByTestId("swarm-nodes-panel")).toHaveCount(0);
};

const addEnvironment = async (page: Page): Promise<string> => {
  await signInAs(page.request, "admin");
  await page.goto("/settings/environments");
  const added = await page.request.post("/api/environments", {
    data: { name: NAME, url: "unix:///var/run/docker.sock" },
    headers: { origin: new URL(page.url()).origin },
  });
  expect(added.status(), await added.text()).toBe(201);
  return ((await added.json()) as { data: { environment: { id: string } } }).data.environment.id;
};

test.beforeAll(() => {
  const state = execFileSync("docker", ["info", "--format", "{{.Swarm.LocalNodeState}}"]).toString().trim();
  expect(state, "these tests need an engine that is not in a swarm").toBe("inactive");
});

test.afterEach(async ({ page, baseURL }) => {
  await signInAs(page.request, "admin");
  const listed = (await (await page.request.get("/api/environments")).json()) as {
    data: { id: string; name: string }[];
  };
  const origin = new URL(baseURL ?? "").origin;
  for (const env of listed.data.filter((e) => e.name === NAME))
    await page.request.delete(`/api/environments/${env.id}`, { headers: { origin } });
});

test("the local engine and a non-manager environment show no Swarm target and no node view", async ({
  page,
}) => {
  await signInAs(page.request, "operator");
  await page.goto("/");
  await swarmControlsAbsent(page);

  await addEnvironment(page);
  await page.goto(`/?environment=${NAME}`);
  await expect(page.getByTestId("engine-card")).toContainText(NAME);
  await swarmControlsAbsent(page);
});

test("an environment whose last check found a manager gets the Target control and the node view", async ({
  page,
}) => {
  const id = await addEnvironment(page);
  // The stored check as a swarm manager's would read (the engine itself is not one).
  const db = new Database(process.env.E2E_DB ?? "");
  db.prepare("UPDATE Environment SET lastCheckOk = 1, lastCheckDetail = ? WHERE id = ?").run(
    JSON.stringify({ version: "27.0.0", apiVersion: "1.46", swarmState: "active", swarmManager: true }),
    id,
  );
  db.close();

  await page.goto(`/?environment=${NAME}`);
  const form = page.getByRole("form", { name: "Deploy" });
  const target = form.getByRole("combobox", { name: "Target" });
  await expect(target).toHaveValue("engine");
  await expect(target.locator("option")).toHaveText([
    "this engine",
    "Docker Swarm (services across the swarm's nodes)",
  ]);
  await expect(page.getByRole("checkbox", { name: "Swarm services" })).not.toBeChecked();
  // The node view polls the manager; this engine answers that it is none, and the panel says so.
  const panel = page.getByTestId("swarm-nodes-panel");
  await expect(panel.getByRole("alert")).toContainText("needs a swarm manager");

  // Deploy posts target "swarm" (answered here, so nothing is deployed on the shared engine).
  let posted: unknown = null;
  await page.route("**/api/deploy", async (route) => {
    posted = route.request().postDataJSON();
    await route.fulfill({ json: { ok: false, error: { code: "bad_request", message: "intercepted" } } });
  });
  // What a Swarm deploy refuses is not offered once Swarm is picked: start from empty data, the probe
  // mode and the load balancer weights are disabled with their reasons, a value given for the engine
  // is dropped, and back on the engine they return.
  const freshData = form.getByRole("checkbox", { name: "Start from empty data" });
  const probe = form.getByRole("combobox", { name: "Readiness probe" });
  await form.getByText("Tuning variables, load balancer weights").click();
  const leaderWeight = form.getByRole("spinbutton", { name: "Load balancer weight: leader" });
  await expect(freshData).toBeEnabled();
  await freshData.check();
  await probe.selectOption("docker");
  await leaderWeight.fill("3");
  const reasons = ["fresh-data-swarm-reason", "probe-swarm-reason", "weights-swarm-reason"];
  for (const reason of reasons) await expect(form.getByTestId(reason)).toHaveCount(0);
  await target.selectOption("swarm");
  await expect(freshData).toBeDisabled();
  await expect(freshData).not.toBeChecked();
  await expect(form.getByTestId("fresh-data-swarm-reason")).toHaveText(
    "(not with Swarm: the volumes live on the nodes; tear down with remove volumes instead)",
  );
  await expect(probe).toBeDisabled();
  await expect(form.getByTestId("probe-swarm-reason")).toHaveText("Swarm: exec on each task's node.");
  await expect(leaderWeight).toBeDisabled();
  await expect(leaderWeight).toHaveValue("");
  await expect(form.getByTestId("weights-swarm-reason")).toHaveCount(2);
  await expect(form.locator("label", { hasText: "Fit to the smallest node" })).toHaveCount(1);
  await form.evaluate((f) => (f as HTMLFormElement).requestSubmit());
  await expect(form.getByRole("alert")).toHaveText("intercepted");
  expect(posted).toMatchObject({ environment: NAME, target: "swarm", freshData: false, weights: {} });
  expect(posted).not.toHaveProperty("probe");
  await target.selectOption("engine");
  await expect(freshData).toBeEnabled();
  await expect(probe).toBeEnabled();
  await expect(leaderWeight).toBeEnabled();
  for (const reason of reasons) await expect(form.getByTestId(reason)).toHaveCount(0);
  await expect(form.locator("label", { hasText: "Fit to this host" })).toHaveCount(1);
  await target.selectOption("swarm");

  // Several runs in a row are a batch, which has no Swarm target: the form says so and posts nothing.
  posted = null;
  await form.getByLabel("Run N times").fill("2");
  await form.evaluate((f) => (f as HTMLFormElement).requestSubmit());
  await expect(form.getByRole("alert")).toContainText("set Run to 1");
  expect(posted).toBeNull();

  // Tear down keeps the volumes unless "remove volumes" is ticked (then it asks first), as on one
  // engine; with Swarm services ticked it posts target "swarm" (answered here: nothing is removed).
  let teardown: unknown = null;
  await page.route("**/api/teardown", async (route) => {
    teardown = route.request().postDataJSON();
    await route.fulfill({
      json: { ok: false, error: { code: "bad_request", message: "teardown intercepted" } },
    });
  });
  await page.getByRole("checkbox", { name: "Swarm services" }).check();
  const tearDown = page.getByRole("button", { name: "Tear down" });
  await tearDown.click();
  await expect
    .poll(() => teardown)
    .toMatchObject({ environment: NAME, target: "swarm", removeVolumes: false });
  teardown = null;
  await page.getByRole("checkbox", { name: "remove volumes", exact: true }).check();
  let asked = "";
  page.once("dialog", (dialog) => {
    asked = dialog.message();
    void dialog.accept();
  });
  await tearDown.click();
  await expect
    .poll(() => teardown)
    .toMatchObject({ environment: NAME, target: "swarm", removeVolumes: true });
  expect(asked).toContain("delete its named volumes on every Swarm node the panel reaches");
});
