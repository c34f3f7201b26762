// Issue 28: an operator builds a 2-variant experiment in the form on a one-service busybox
// topology, watches its progress, reads the verdict sentence and the strip plots, downloads the
// exports; a viewer reads it but gets no form, no Cancel and a 403 from the API.
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { busyboxWebCompose, signInAs } from "./fixtures";

const name = `e2e-exp-${Date.now()}`;
const compose = busyboxWebCompose(name);

const isGone = (): boolean =>
  execFileSync("docker", ["ps", "-aq", "--filter", `label=com.docker.compose.project=${name}`], {
    encoding: "utf8",
  }).trim() === "";

test.afterAll(async ({ request }) => {
  await signInAs(request, "operator");
  await request.post("/api/teardown", { data: { topology: name, removeVolumes: true } });
  await expect.poll(isGone, { timeout: 60_000 }).toBe(true);
  rmSync(path.resolve("topologies", name), { recursive: true, force: true });
});

let experimentUrl = "";

test("an operator builds an experiment, watches it run and reads its verdict, plots and exports", async ({
  page,
}) => {
  test.setTimeout(240_000);
  await signInAs(page.request, "operator");
  const added = await page.request.post("/api/topologies", { data: { name, compose } });
  expect(added.status(), await added.text()).toBe(201);

  await page.goto("/experiments");
  const form = page.getByTestId("experiment-form");
  await form.getByLabel("Name").fill("e2e sequential vs dag");
  for (const [index, strategy] of [
    [0, "sequential"],
    [1, "dag"],
  ] as const) {
    const row = form.getByTestId(`variant-${index}`);
    await row.getByRole("combobox", { name: "topology" }).selectOption(name);
    await row.getByRole("combobox", { name: "strategy" }).selectOption(strategy);
  }
  await form.getByLabel("Repetitions").fill("2");
  await form.getByRole("button", { name: "Run experiment" }).click();
  await page.waitForURL(/\/experiments\/exp-/);
  experimentUrl = new URL(page.url()).pathname;
  await expect(page.getByTestId("experiment-progress")).toContainText("of 4 repetitions");
  await expect(page.getByTestId("experiment-status")).toHaveText("done", { timeout: 200_000 });
  // n = 2 each cannot claim a difference (the smallest p is 0.33): either form of "not claimed".
  await expect(page.getByTestId("verdict-sentences")).toContainText(
    new RegExp(
      `${name}/dag vs ${name}/sequential, time to ready: (no difference shown \\(|\\d+\\.\\d\\d× \\()95 % CI`,
    ),
  );
  await expect(page.getByTestId("verdict-table")).toContainText("2 / 2");
  await expect(page.getByTestId("strip-readyMs").locator("svg circle").first()).toBeVisible();
  await expect(page.getByTestId("calibration")).toContainText("create → start → exit");
  await expect(page.getByTestId("experiment-samples").getByRole("link")).toHaveCount(4);

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const csv = readFileSync((await (await download).path()) as string, "utf8");
  expect(csv.split("\n")[0]).toBe(
    "experiment,seed,metric,unit,variant,variant_label,repetition,run_id,value,outlier",
  );
  expect(csv).toContain(`readyMs,ms,1,${name}/dag,2,`);
  const json = await page.request.get(`/api/v1${experimentUrl}/export?format=json`);
  expect(json.status()).toBe(200);
  expect(await json.json()).toMatchObject({
    seed: expect.any(Number),
    samples: { readyMs: expect.any(Array) },
  });
});

test("a viewer reads an experiment but cannot start or cancel one", async ({ page }) => {
  expect(experimentUrl).not.toBe("");
  await signInAs(page.request, "viewer");
  await page.goto("/experiments");
  await expect(page.getByTestId("experiment-form")).toHaveCount(0);
  await expect(page.getByText("Viewers read experiments; an operator starts them.")).toBeVisible();
  await page.getByRole("link", { name: "e2e sequential vs dag" }).first().click();
  await expect(page.getByTestId("verdict-sentences")).toContainText("time to ready: ");
  await expect(page.getByRole("button", { name: "Cancel" })).toHaveCount(0);
  const refused = await page.request.post("/api/v1/experiments", {
    data: {
      name: "viewer's",
      variants: [
        { topology: name, strategy: "dag" },
        { topology: name, strategy: "phased" },
      ],
    },
  });
  expect(refused.status()).toBe(403);
});
