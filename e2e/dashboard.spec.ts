import { expect, test } from "@playwright/test";
import { signInAs } from "./fixtures";

test("the dashboard shows the Docker engine and a ticking heartbeat", async ({ page }) => {
  await signInAs(page.request, "viewer");
  const health = (await (await page.request.get("/api/health")).json()).data;
  expect(health.database.ok).toBe(true);
  expect(health.docker.reachable).toBe(true);

  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  const badge = page.getByTestId("engine-badge");
  await expect(badge).toHaveAttribute("data-reachable", "true");
  await expect(badge).toContainText(`Docker ${health.docker.version}`);

  // The test environment built the local images: the dashboard says they are ready.
  await expect(page.getByTestId("image-kit")).toHaveAttribute("data-ready", "true");
  await expect(page.getByTestId("image-kit")).toContainText("present and current");

  const heartbeat = page.getByTestId("heartbeat");
  await expect(heartbeat).toHaveAttribute("data-connected", "true");
  await expect(heartbeat).not.toHaveAttribute("data-server-time", "");
  const first = await heartbeat.getAttribute("data-server-time");
  // The server emits every second: a later beat must carry a later server time.
  await expect
    .poll(async () => Date.parse((await heartbeat.getAttribute("data-server-time")) ?? ""), { timeout: 5000 })
    .toBeGreaterThan(Date.parse(first ?? ""));

  for (const label of ["Runs", "Compare", "Topology"]) {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: label }).click();
    await expect(page.getByRole("heading", { name: label })).toBeVisible();
  }
  await page.goto("/");
  await page.screenshot({ path: "docs/screenshots/dashboard.png", fullPage: true });
});
