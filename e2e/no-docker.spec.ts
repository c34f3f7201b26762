import { expect, test } from "@playwright/test";
import { signInAs } from "./fixtures";

test.use({ baseURL: `http://127.0.0.1:${process.env.E2E_NO_DOCKER_PORT}` });

test("without a Docker engine the panel still answers and says how to fix it", async ({ page }) => {
  const anonymous = await page.request.get("/api/health");
  expect(anonymous.status()).toBe(200);
  expect((await anonymous.json()).data).toMatchObject({
    database: { ok: true },
    docker: { reachable: false },
  });

  await signInAs(page.request, "viewer");
  const health = (await (await page.request.get("/api/health")).json()).data;
  expect(health.docker.reachable).toBe(false);
  expect(health.docker.hint).toContain("unix:///nonexistent/docker.sock");

  // Docker-backed API calls answer a clear 503, not a 500.
  const status = await page.request.get("/api/status?topology=optimized");
  expect(status.status()).toBe(503);
  expect((await status.json()).error).toMatchObject({
    code: "engine_unreachable",
    message: expect.stringContaining("DOCKER_HOST"),
  });

  await page.goto("/");
  await expect(page.getByTestId("engine-badge")).toHaveAttribute("data-reachable", "false");
  const alert = page.getByTestId("engine-card").getByRole("alert");
  await expect(alert).toContainText("Docker is not reachable.");
  await expect(alert).toContainText("DOCKER_HOST");
});
