// Issue 11: runs measured under different conditions are labelled. Two runs of the same topology
// and strategy, one cold and one warm (seeded through Prisma), compared: the page says above the
// tables that the data state differs, and the warm run's change-% cells carry the mark.
import { expect, test } from "@playwright/test";
import { panelDatabase, seededRuns, signInAs } from "./fixtures";

const prisma = panelDatabase();
const ids = { cold: `e2e-cold-${Date.now()}`, warm: `e2e-warm-${Date.now()}` };

const seedRun = (id: string, dataState: "cold" | "warm", readyMs: number, minutesAgo: number) =>
  prisma.run.create({
    data: {
      id,
      topology: "optimized",
      strategy: "phased",
      status: "healthy",
      kind: "deploy",
      project: "optimized",
      startedAt: new Date(Date.now() - minutesAgo * 60_000),
      totalMs: readyMs,
      topologyHash: "e2e-hash",
      engineVersion: "26.1.5",
      hostCpus: 2,
      hostMemoryBytes: 8 * 2 ** 30,
      fitMode: "clamp",
      fitChanges: "[]",
      dataState,
      dataItems: JSON.stringify([
        {
          kind: "folder",
          name: "data/postgres",
          services: ["postgres"],
          state: dataState,
          detail: dataState === "cold" ? "empty" : "held 19 entries",
        },
      ]),
      imageIds: JSON.stringify({ "postgres:16": "sha256:1111111111111111" }),
      preparationMs: 900,
      readyMs,
      dockerHealthyMs: readyMs + 4_000,
      services: {
        create: [
          {
            service: "postgres",
            container: "postgres-optimized",
            phase: "Foundation",
            state: "healthy",
            createdAtMs: 900,
            readyAtMs: readyMs,
          },
        ],
      },
    },
  });

seededRuns({
  prisma,
  ids: [ids.cold, ids.warm],
  seed: async () => {
    await seedRun(ids.cold, "cold", 32_000, 10);
    await seedRun(ids.warm, "warm", 4_000, 5);
  },
});

test("Compare of a cold and a warm run says above the tables that the data state differs", async ({
  page,
}) => {
  await signInAs(page.request, "viewer");
  await page.goto(`/compare?ids=${ids.cold},${ids.warm}`);
  const notice = page.getByTestId("conditions-differ");
  await expect(notice).toBeVisible();
  await expect(page.getByTestId("conditions-run-2")).toContainText("data state: warm (baseline: cold)");
  await expect(notice.locator("[data-condition]")).toHaveCount(1);
  // Above the tables: the notice ends before the first table starts.
  const noticeBox = await notice.boundingBox();
  const tableBox = await page.getByTestId("compare-Startup time per phase").boundingBox();
  expect((noticeBox?.y ?? Infinity) + (noticeBox?.height ?? 0)).toBeLessThanOrEqual(tableBox?.y ?? 0);
  // The warm run's changes carry the mark; the baseline's cells have no change to mark.
  const ready = page.locator('tr[data-row="Ready (request → all ready by their health commands)"] td');
  await expect(ready.nth(2)).toContainText("†");
  await expect(ready.nth(1)).not.toContainText("†");
  await expect(page.getByText(/marks a run whose conditions differ/)).toBeVisible();

  // Each run shows its conditions and the three clocks, labelled.
  await page.goto(`/runs/${ids.warm}`);
  await expect(page.getByTestId("run-data-state")).toContainText("warm");
  await expect(page.getByTestId("run-fit-mode")).toContainText("clamp");
  await expect(page.getByTestId("clock-preparation")).toHaveText("0.9 s");
  await expect(page.getByTestId("clock-docker-healthy")).toHaveText("8.0 s");
  await page.goto("/runs");
  await expect(page.locator(`tr[data-run-id="${ids.warm}"] [data-testid=run-fit-data]`)).toHaveText(
    "clamp · warm",
  );
});

test("start from empty data names each volume and folder it would delete, and does nothing when declined", async ({
  page,
}) => {
  await signInAs(page.request, "operator");
  await page.goto("/");
  await page.getByRole("combobox", { name: "Topology" }).selectOption("optimized");
  await expect(page.getByRole("combobox", { name: "Fit mode" })).toHaveValue("clamp");
  await page.getByLabel("Start from empty data").check();
  let posted = false;
  page.on("request", (r) => {
    if (r.url().endsWith("/api/deploy") && r.method() === "POST") posted = true;
  });
  // A dialog blocks the click until it is answered: answer it in the handler.
  let question = "";
  page.once("dialog", (dialog) => {
    question = dialog.message();
    void dialog.dismiss();
  });
  await page.getByRole("button", { name: "Deploy", exact: true }).click();
  await expect.poll(() => question).toContain("volume optimized_node-1-data");
  expect(question).toContain("folder data/postgres");
  expect(question).not.toContain("nginx");
  await page.waitForTimeout(500);
  expect(posted).toBe(false);
});
