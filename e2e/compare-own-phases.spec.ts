// Issue 17: a topology with its own service names and its own x-phase values shows its own phases
// in the Compare startup table, and its first node is found by role (NODE_ROLE, the role label),
// not by the shipped `ollama-node-*` names. The runs are seeded through Prisma with the startup
// layout a deploy stores, read from the fixture compose file by the same code a deploy uses.
import path from "node:path";
import { expect, test } from "@playwright/test";
import { loadTopology } from "../lib/compose/load-topology";
import { startupLayoutOf } from "../lib/compose/service-roles";
import { firstNodeReady } from "../lib/runs/aggregate";
import { panelDatabase, seededRuns, signInAs } from "./fixtures";

const prisma = panelDatabase();
const stamp = Date.now();
const ids = { a: `e2e-own-a-${stamp}`, b: `e2e-own-b-${stamp}` };

const loaded = await loadTopology({
  file: path.resolve("e2e/fixtures/topologies/own-phases/docker-compose.yml"),
});
if (!loaded.ok) throw new Error("the own-phases fixture topology does not load");
const layout = startupLayoutOf(loaded.topology);

/** Ready times (ms) per service; the worker is ready before the leader. */
const ready = {
  a: { vault: 2_000, watch: 9_000, brain: 5_000, helper: 4_000, front: 6_500 },
  b: { vault: 1_000, watch: 1_500, brain: 3_000, helper: 3_500, front: 3_800 },
};

const seedRun = (id: string, readyAt: Record<string, number>, minutesAgo: number) => {
  const services = Object.entries(readyAt).map(([service, readyAtMs]) => ({ service, readyAtMs }));
  return prisma.run.create({
    data: {
      id,
      topology: "own-phases",
      strategy: "phased",
      status: "healthy",
      kind: "deploy",
      project: "e2e-own-phases",
      startedAt: new Date(Date.now() - minutesAgo * 60_000),
      totalMs: Math.max(...Object.values(readyAt)),
      readyMs: Math.max(...Object.values(readyAt)),
      settings: JSON.stringify({ topology: "own-phases", startupLayout: layout }),
      firstNodeReadyMs: firstNodeReady(services, layout),
      services: {
        create: services.map(({ service, readyAtMs }) => ({
          service,
          container: `e2e-own-phases-${service}-1`,
          phase: layout.find((s) => s.service === service)?.phase ?? "",
          state: "healthy",
          createdAtMs: 500,
          readyAtMs,
        })),
      },
    },
  });
};

seededRuns({
  prisma,
  ids: [ids.a, ids.b],
  seed: async () => {
    await seedRun(ids.a, ready.a, 10);
    await seedRun(ids.b, ready.b, 5);
  },
});

test("Compare shows a topology's own phases and finds its first node by role", async ({ page }) => {
  // The layout read from the file: phases from x-phase, roles from the label and NODE_ROLE.
  expect(layout).toEqual([
    { service: "vault", phase: "Storage", role: "foundation" },
    { service: "watch", phase: "Other services", role: "monitoring" },
    { service: "brain", phase: "Core", role: "leader" },
    { service: "helper", phase: "Core", role: "worker" },
    { service: "front", phase: "Edge", role: "load-balancer" },
  ]);
  await signInAs(page.request, "viewer");
  await page.goto(`/compare?ids=${ids.a},${ids.b}`);
  const startup = page.getByTestId("compare-Startup time per phase");
  const phaseRows = startup.locator("tbody tr[data-row]");
  await expect(phaseRows.first()).toHaveAttribute("data-row", "Storage");
  await expect(phaseRows.nth(1)).toHaveAttribute("data-row", "Core");
  await expect(phaseRows.nth(2)).toHaveAttribute("data-row", "Edge");
  await expect(phaseRows.nth(3)).toHaveAttribute("data-row", "Other services");
  await expect(startup.locator('tr[data-row="Foundation"]')).toHaveCount(0);
  await expect(startup.locator('tr[data-row="Leader"]')).toHaveCount(0);
  // Storage ends at 2.0 s, Core at 5.0 s (+3.0 s), Edge at 6.5 s (+1.5 s); monitoring counts last.
  const cells = (row: string) => startup.locator(`tr[data-row="${row}"] td[data-value]`);
  await expect(cells("Storage").nth(0)).toHaveAttribute("data-value", "2000");
  await expect(cells("Core").nth(0)).toHaveAttribute("data-value", "3000");
  await expect(cells("Edge").nth(0)).toHaveAttribute("data-value", "1500");
  await expect(cells("Other services").nth(0)).toHaveAttribute("data-value", "2500");
  await expect(cells("Core").nth(1)).toHaveAttribute("data-value", "2500");

  // First node ready: the worker "helper" at 4.0 s (before the leader), not the storage service.
  await page.goto("/runs");
  await expect(page.locator(`tr[data-run-id="${ids.a}"]`)).toContainText("4.0 s");
  await page.goto(`/runs/${ids.a}`);
  await expect(page.getByText("First node ready").locator("..")).toContainText("4.0 s");
});
