// "Deploy this again" in the real browser: a small topology deployed through the API; on its run
// page the button is refused with the reason while the topology runs, then (torn down) starts a new
// run that names the old one; both run pages link each other and Compare opens them side by side.
import { execFileSync } from "node:child_process";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { signInAs, topologyFolder } from "./fixtures";

const NAME = "redeploy-e2e";
const COMPOSE = `name: ${NAME}
services:
  app:
    image: ollamamax-test/busybox:latest
    command: ["sleep", "3600"]
    network_mode: none
`;
topologyFolder({ name: NAME, files: { "compose.yaml": COMPOSE } });

const statusOf = async (request: APIRequestContext, runId: string): Promise<string> => {
  const answer = await request.get(`/api/v1/runs/${runId}`);
  return answer.ok() ? ((await answer.json()) as { data: { status: string } }).data.status : "absent";
};
const started = async (answer: Awaited<ReturnType<APIRequestContext["post"]>>) => {
  expect(answer.status(), await answer.text()).toBe(202);
  return ((await answer.json()) as { data: { runId: string } }).data.runId;
};
const appImage = () =>
  execFileSync("docker", [
    "ps",
    "--no-trunc",
    "--filter",
    `label=com.docker.compose.project=${NAME}`,
    "--format",
    "{{.Image}}",
  ])
    .toString()
    .trim();

test("deploy this again from a run page: refused while it runs, then a linked run Compare opens beside it", async ({
  page,
}) => {
  test.setTimeout(240_000);
  const { request } = page;
  await signInAs(request, "operator");
  const past = await started(
    await request.post("/api/deploy", { data: { topology: NAME, strategy: "dag" } }),
  );
  await expect.poll(() => statusOf(request, past), { timeout: 90_000 }).toBe("healthy");
  // The effective file is stored once the run's row is: the run page offers the button from then on.
  await expect
    .poll(async () => (await request.get(`/api/runs/${past}/effective`)).status(), { timeout: 30_000 })
    .toBe(200);

  await page.goto(`/runs/${past}`);
  const again = page.getByRole("button", { name: "Deploy this again" });
  await again.click();
  await expect(page.getByTestId("redeploy-refused")).toContainText(`${NAME} (project ${NAME}) is running`);

  const torn = await started(await request.post("/api/teardown", { data: { topology: NAME } }));
  await expect.poll(() => statusOf(request, torn), { timeout: 90_000 }).toBe("torn_down");
  await again.click();
  const news = page.getByTestId("redeploy-started");
  await expect(news).toContainText("Started run");
  const newId = (await news.getByRole("link").first().textContent())?.trim() ?? "";
  expect(newId).not.toBe("");
  await expect.poll(() => statusOf(request, newId), { timeout: 90_000 }).toBe("healthy");
  // Pinned: the container runs the image ID itself, not the tag.
  expect(appImage()).toMatch(/^sha256:[0-9a-f]{64}$/);

  await news.getByRole("link", { name: newId }).click();
  await expect(page).toHaveURL(new RegExp(`/runs/${newId}$`));
  const from = page.getByTestId("redeploy-of");
  await expect(from).toContainText(`Deployed again from run ${past}`);
  await from.getByRole("link", { name: "Compare side by side" }).click();
  await expect(page).toHaveURL(new RegExp(`/compare\\?ids=${past},${newId}$`));
  await expect(page.getByTestId("compare-Startup time per phase")).toBeVisible();

  await page.goto(`/runs/${past}`);
  await expect(page.getByTestId("redeployed-as")).toContainText(`Deployed again as run ${newId}`);
  await started(await request.post("/api/teardown", { data: { topology: NAME } }));
});
