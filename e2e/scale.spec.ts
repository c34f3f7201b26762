// Scaling that serves traffic, from the dashboard: two workers added (they count once they answer
// through the load balancer), two removed (drained first), then a latency test with per-node
// shares — on the optimized topology, so run it under `flock /tmp/ollamamax-cluster.lock`.
import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { shippedBudget } from "../test/fixtures/shipped-budget";
import { removeProjectLeftovers } from "./cluster-cleanup";
import { signInAs } from "./fixtures";

const PROJECT = "optimized";
const projectServices = () =>
  execFileSync("docker", [
    "ps",
    "--format",
    '{{.Label "com.docker.compose.service"}}',
    "--filter",
    `label=com.docker.compose.project=${PROJECT}`,
  ])
    .toString()
    .trim()
    .split("\n")
    .filter(Boolean)
    .sort();

test.afterAll(() => removeProjectLeftovers(PROJECT));

test("add and remove worker nodes from the dashboard, then a latency test with per-node shares", async ({
  page,
}) => {
  // Every wait on Docker from the topology's own health checks and this engine (shipped-budget.ts).
  const budget = await shippedBudget({ name: "optimized", extraWorkers: 2 });
  console.info(budget.summary);
  // Plus 2 min for the browser's own steps and the latency test (at most its 10 s per target).
  test.setTimeout(budget.deployMs + 2 * budget.nodeAddMs + budget.teardownMs + 120_000);
  await signInAs(page.request, "operator");
  // The default fit (clamp), as the deploy form sends it.
  const deployed = await page.request.post("/api/deploy", {
    data: { topology: "optimized", strategy: "dag" },
  });
  const deployAnswer = await deployed.json();
  expect(deployAnswer.ok, JSON.stringify(deployAnswer)).toBe(true);
  await page.goto("/");
  await page.getByRole("combobox", { name: "Topology" }).selectOption("optimized");
  await expect(page.getByTestId("run-outcome")).toHaveText("healthy", { timeout: budget.deployMs });
  await expect(page.getByTestId("load-balancer-nodes").locator("li")).toHaveCount(3, { timeout: 15_000 });

  // Two more workers: the run shows them come up, and counts them once they serve through nginx.
  await expect(page.getByRole("button", { name: "Add worker node" })).toBeEnabled({ timeout: 60_000 });
  await page.getByLabel("Nodes to add or remove").selectOption("2");
  await page.getByRole("button", { name: "Add worker node" }).click();
  await expect(page.getByRole("heading", { name: "Scale optimized" })).toBeVisible();
  for (const node of ["ollama-node-4", "ollama-node-5"])
    await expect(page.getByTestId(`service-${node}`)).toHaveAttribute("data-state", "healthy", {
      timeout: 2 * budget.nodeAddMs,
    });
  await expect(page.getByTestId("run-outcome")).toHaveText("healthy", { timeout: 60_000 });
  await expect(page.getByTestId("run-progress")).toContainText(/elapsed \d/);
  await expect(page.getByTestId("load-balancer-nodes").locator("li")).toHaveCount(5, { timeout: 15_000 });
  await expect(page.getByTestId("load-balancer-upstream")).toContainText(
    "server ollama-node-5:8080 weight=2",
  );
  // Through the load balancer (127.0.0.1:80), the new nodes answer.
  const answered = new Set<string>();
  for (let i = 0; i < 33; i++)
    answered.add((await (await fetch("http://127.0.0.1:80/api/tags")).json()).node_id);
  expect([...answered].sort()).toEqual([1, 2, 3, 4, 5].map((n) => `ollama-node-${n}`));
  await page.screenshot({ path: "docs/screenshots/dashboard-scaled.png", fullPage: true });

  // And two away again: drained from the load balancer, then gone.
  await expect(page.getByRole("button", { name: "Remove worker node" })).toBeEnabled({ timeout: 60_000 });
  await page.getByRole("button", { name: "Remove worker node" }).click();
  for (const node of ["ollama-node-4", "ollama-node-5"])
    await expect(page.getByTestId(`service-${node}`)).toHaveAttribute("data-state", "removed", {
      timeout: budget.teardownMs,
    });
  await expect(page.getByTestId("run-outcome")).toHaveText("healthy", { timeout: 60_000 });
  await expect(page.getByTestId("load-balancer-nodes").locator("li")).toHaveCount(3, { timeout: 15_000 });
  expect(projectServices()).not.toContain("ollama-node-4");
  expect(projectServices()).not.toContain("ollama-node-5");

  // A latency test the user sizes: through the load balancer, then each node; shares against weights.
  await page.getByLabel(/^Requests/).fill("300");
  await page.getByLabel(/^Concurrency/).fill("4");
  await page.getByLabel(/^Duration/).fill("10");
  const latencyStarted = page.waitForResponse(
    (r) => r.url().endsWith("/api/latency") && r.request().method() === "POST",
  );
  await page.getByRole("button", { name: "Run latency test" }).click();
  const latencyAnswer = await (await latencyStarted).json();
  expect(latencyAnswer.ok, JSON.stringify(latencyAnswer)).toBe(true);
  await expect(page.getByRole("heading", { name: "Latency test of optimized" })).toBeVisible();
  await expect(page.getByTestId("run-outcome")).toHaveText("healthy", { timeout: 120_000 });
  const shares = page.getByTestId("latency-test-shares").locator("tbody tr");
  await expect(shares).toHaveCount(3, { timeout: 15_000 });
  await expect(shares.first()).toContainText("ollama-node-1");
  await expect(shares.first()).toContainText("42.9 %");
  await expect(page.getByTestId("latency-test-results").locator("table").first()).toContainText(
    "ollama-node-3 directly",
  );
  await page.getByTestId("latency-test").screenshot({ path: "docs/screenshots/latency-test.png" });

  // Compare: the deploy's node addition and removal times, and the latency test's shares.
  await page.goto(`/compare?ids=${deployAnswer.data.runId},${latencyAnswer.data.runId}`);
  for (const row of [
    "Node addition (request → serving through the load balancer)",
    "Node removal (request → drained and gone)",
  ])
    await expect(page.locator(`tr[data-row="${row}"] td[data-value]`).first()).toHaveAttribute(
      "data-value",
      /^\d/,
    );
  await expect(page.locator('tr[data-row="Share served per node (weight share)"]')).toContainText(
    "ollama-node-1",
  );

  await page.goto("/");
  await page.getByRole("combobox", { name: "Topology" }).selectOption("optimized");
  await page.getByRole("button", { name: "Tear down" }).click();
  await expect(page.getByTestId("run-outcome")).toHaveText("torn down", { timeout: budget.teardownMs });
  expect(projectServices()).toEqual([]);
});
