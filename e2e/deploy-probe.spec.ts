// Issue 11: the deploy form's readiness probe. An operator adds a one-service busybox topology,
// picks "auto" every 500 ms in the form (which says what auto costs), deploys it for real, and the
// run page shows the probe the run was deployed with; torn down and removed afterwards.
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { parseTopology } from "@/lib/compose";
import { budgetsFor } from "../test/fixtures/engine-calibration";
import { signInAs } from "./fixtures";

const name = `e2e-perf-probe-${Date.now()}`;
const compose = `name: ${name}
services:
  web:
    image: ollamamax-test/busybox:latest
    command: ["httpd", "-f", "-p", "8080", "-h", "/www"]
    healthcheck:
      test: ["CMD-SHELL", "wget -q -O- http://localhost:8080/health"]
      interval: 5s
      timeout: 2s
      retries: 3
`;
/** Its deploy and teardown budgets: its own health check and this engine (engine-calibration.ts). */
const budgets = async () => {
  const parsed = parseTopology({
    text: compose,
    file: path.resolve("topologies", name, "compose.yaml"),
    env: {},
  });
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join("\n"));
  return budgetsFor({ services: parsed.topology.services });
};

test.afterAll(async ({ request }) => {
  await signInAs(request, "operator");
  const down = await request.post("/api/teardown", { data: { topology: name, removeVolumes: true } });
  expect(down.status(), await down.text()).toBe(202);
  await expect.poll(isGone, { timeout: (await budgets()).teardownMs }).toBe(true);
  rmSync(path.resolve("topologies", name), { recursive: true, force: true });
});

const isGone = (): boolean => {
  const ids = execFileSync("docker", ["ps", "-aq", "--filter", `label=com.docker.compose.project=${name}`], {
    encoding: "utf8",
  });
  return ids.trim() === "";
};

test("the deploy form's probe mode and interval are stored with the run and shown on its page", async ({
  page,
}) => {
  const { deployMs, summary } = await budgets();
  console.info(summary);
  // Plus 2 min for the browser's own steps.
  test.setTimeout(deployMs + 120_000);
  await signInAs(page.request, "operator");
  const added = await page.request.post("/api/topologies", { data: { name, compose } });
  expect(added.status(), await added.text()).toBe(201);

  await page.goto("/");
  await page.getByRole("combobox", { name: "Topology" }).selectOption(name);
  await page.getByLabel("dag").check();
  const probe = page.getByRole("combobox", { name: "Readiness probe" });
  await probe.selectOption("auto");
  // The form says what the chosen mode costs before anything is deployed.
  await expect(page.getByTestId("probe-cost")).toContainText("less engine CPU");
  await probe.selectOption("docker");
  await expect(page.getByTestId("probe-cost")).toContainText("Docker's next health check");
  await probe.selectOption("auto");
  await page.getByLabel("Probe interval (ms)").fill("500");
  const answer = page.waitForResponse((r) => r.url().endsWith("/api/deploy"));
  await page.getByRole("button", { name: "Deploy", exact: true }).click();
  const response = await answer;
  expect(response.status(), await response.text()).toBe(202);
  const { runId } = ((await response.json()) as { data: { runId: string } }).data;

  // The run as stored: its settings carry the probe the form asked for.
  await expect
    .poll(
      async () =>
        ((await (await page.request.get(`/api/runs/${runId}`)).json()) as { data?: { status?: string } }).data
          ?.status,
      { timeout: deployMs },
    )
    .toBe("healthy");
  await page.goto(`/runs/${runId}`);
  await expect(page.getByTestId("run-probe")).toContainText("auto: the same check from the panel host");
  await expect(page.getByTestId("run-probe")).toContainText("every 500 ms");
  // The service's readiness was decided by the host check auto mode chose for its wget.
  await expect(page.getByRole("cell", { name: "http", exact: true })).toBeVisible();
});
