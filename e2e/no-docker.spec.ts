import { expect, test } from "@playwright/test";

test.use({ baseURL: `http://127.0.0.1:${process.env.E2E_NO_DOCKER_PORT}` });

test("without a Docker engine the panel still answers and says how to fix it", async ({ page, request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  const health = await response.json();
  expect(health.database.ok).toBe(true);
  expect(health.docker.reachable).toBe(false);
  expect(health.docker.hint).toContain("unix:///nonexistent/docker.sock");

  await page.goto("/");
  await expect(page.getByTestId("engine-badge")).toHaveAttribute("data-reachable", "false");
  const alert = page.getByTestId("engine-card").getByRole("alert");
  await expect(alert).toContainText("Docker is not reachable.");
  await expect(alert).toContainText("DOCKER_HOST");
});
