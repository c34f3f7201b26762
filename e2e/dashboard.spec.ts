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

// A choice made in the server-rendered HTML before React hydrates would be shown but not used
// (the deploy form posts React's state): such controls are disabled until hydration, and the
// sign-in form can never fall back to a GET that would put the password in the URL.
test("forms wait for hydration: disabled in the server HTML, enabled once React runs", async ({
  browser,
}) => {
  const serverHtml = await browser.newContext({ javaScriptEnabled: false });
  const before = await serverHtml.newPage();
  await before.goto("/login");
  await expect(before.locator("form")).toHaveAttribute("method", "post");
  await expect(before.getByRole("button", { name: "Sign in" })).toBeDisabled();
  await signInAs(serverHtml.request, "operator");
  await before.goto("/");
  await expect(before.getByRole("combobox", { name: "Topology" })).toBeDisabled();
  await expect(before.getByLabel("sequential")).toBeDisabled();
  await serverHtml.close();

  const hydrated = await browser.newPage();
  await hydrated.goto("/login");
  await expect(hydrated.getByRole("button", { name: "Sign in" })).toBeEnabled();
  await signInAs(hydrated.request, "operator");
  await hydrated.goto("/");
  await expect(hydrated.getByRole("combobox", { name: "Topology" })).toBeEnabled();
  await expect(hydrated.getByLabel("sequential")).toBeEnabled();
  await hydrated.close();
});
