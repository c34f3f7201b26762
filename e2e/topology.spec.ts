import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { signInAs } from "./fixtures";

const CUSTOM = `e2e-custom-${process.pid}`;
const PRIVILEGED = `e2e-privileged-${process.pid}`;
test.afterAll(() => {
  for (const name of [CUSTOM, PRIVILEGED]) fs.rmSync(`topologies/${name}`, { recursive: true, force: true });
});

test("the Topology page shows both shipped topologies as the files say", async ({ page }) => {
  await signInAs(page.request, "viewer");
  await page.goto("/topology?name=optimized");
  const networks = page.getByTestId("network-diagram").locator("section");
  const network = (name: string) =>
    networks.filter({ has: page.getByRole("heading", { name, exact: true }) });
  await expect(networks).toHaveCount(3);
  await expect(network("training-net")).toContainText("172.21.0.0/24");
  await expect(network("infra-net")).toContainText("ollama-node-1↔ training-net");
  await expect(page.getByTestId("phase-graph").locator(":scope > li")).toHaveCount(4);
  // Each link of the critical path with its weight and where the weight comes from (the file's
  // start_period, or a measured median once earlier e2e deploys have run).
  const links = (await page.getByTestId("critical-path").textContent())
    ?.split(":")[1]
    ?.split("·")[0]
    ?.split("→");
  const weights = page.getByTestId("critical-path-weights").locator("tbody tr");
  await expect(weights).toHaveCount(links?.length ?? -1);
  await expect(weights.first()).toContainText(/health check start_period|measured median/);
  await expect(page.getByTestId("total-0")).toHaveText("11.5 CPU");
  await expect(page.getByTestId("total-1")).toHaveText("22.75 GiB");
  await expect(page.getByTestId("reachability")).toContainText("ollama-node-1 cannot reach jaeger");
  await expect(page.getByTestId("reachability")).toContainText("prometheus: postgres, redis, minio");
  await expect(page.getByTestId("claims-table")).toContainText("7 depends_on edges");
  await expect(page.getByTestId("preflight")).toBeVisible();
  // Each service's image, its pull_policy (Compose's default: missing) and its replicas.
  const images = page.getByTestId("topology-images").locator("tbody tr");
  await expect(images).toHaveCount(10);
  await expect(images.filter({ hasText: "postgres" }).first()).toContainText("missing");
  await expect(page.getByRole("heading", { name: "Add your own compose file" })).toHaveCount(0);
  await page.screenshot({ path: "docs/screenshots/topology-optimized.png", fullPage: true });

  await page.getByRole("navigation", { name: "Topologies" }).getByRole("link", { name: "original" }).click();
  await expect(page.getByTestId("network-diagram").locator("section")).toHaveCount(1);
  await expect(page.getByTestId("network-diagram")).toContainText("172.20.0.0/16");
  await expect(page.getByTestId("total-0")).toHaveText("10 CPU");
  await expect(page.getByTestId("claims-table")).toContainText("6 depends_on edges");
  await page.screenshot({ path: "docs/screenshots/topology-original.png", fullPage: true });
});

test("an operator adds a compose file; a broken one is refused with its line", async ({ page }) => {
  await signInAs(page.request, "operator");
  await page.goto("/topology");
  await page.getByPlaceholder("name, e.g. my-cluster").fill(CUSTOM);
  await page
    .getByLabel("Compose YAML")
    .fill("services:\n  web:\n    image: nginx\n    helthcheck:\n      test: [CMD, true]\n");
  await page.getByRole("button", { name: "Add topology" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "problem" })).toContainText("line 4");
  expect(fs.existsSync(`topologies/${CUSTOM}`)).toBe(false);

  await page.getByLabel("Compose YAML").fill("services:\n  web:\n    image: nginx\n    ports: ['8088:80']\n");
  await page.getByRole("button", { name: "Add topology" }).click();
  await expect(page).toHaveURL(new RegExp(`name=${CUSTOM}`));
  await expect(page.getByTestId("network-diagram")).toContainText("web");
});

test("the deploy policy: refused for an operator, added and approved by an admin, shown on the page", async ({
  page,
}) => {
  const file = "services:\n  box:\n    image: busybox\n    privileged: true\n";
  await signInAs(page.request, "operator");
  await page.goto("/topology");
  await page.getByPlaceholder("name, e.g. my-cluster").fill(PRIVILEGED);
  await page.getByLabel("Compose YAML").fill(file);
  await page.getByRole("button", { name: "Add topology" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "deploy policy" })).toContainText(
    "line 4: services.box.privileged",
  );
  await expect(page.getByRole("alert").filter({ hasText: "deploy policy" })).toContainText("rule privileged");
  expect(fs.existsSync(`topologies/${PRIVILEGED}`)).toBe(false);

  await page.context().clearCookies();
  await signInAs(page.request, "admin");
  await page.goto("/topology");
  await page.getByPlaceholder("name, e.g. my-cluster").fill(PRIVILEGED);
  await page.getByLabel("Compose YAML").fill(file);
  await page.getByRole("button", { name: "Add topology" }).click();
  await expect(page).toHaveURL(new RegExp(`name=${PRIVILEGED}`));
  const policy = page.getByTestId("policy");
  await expect(policy).toContainText("1 finding(s) refuse the deploy until an admin approves them");
  await expect(policy.locator('[data-rule="privileged"]')).toContainText("line 4");
  await policy.getByRole("button", { name: /Approve these exceptions/ }).click();
  await expect(policy).toContainText("Every finding is approved for this version of the file");
  await expect(policy.getByRole("list", { name: "Policy approvals" })).toContainText("Approved by e2e-admin");

  // Viewers see the findings and the approval, not the button.
  await page.context().clearCookies();
  await signInAs(page.request, "viewer");
  await page.goto(`/topology?name=${PRIVILEGED}`);
  await expect(page.getByTestId("policy")).toContainText("Approved by e2e-admin");
  await expect(page.getByRole("button", { name: /Approve these exceptions/ })).toHaveCount(0);
});
