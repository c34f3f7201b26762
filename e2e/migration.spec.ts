// A guided migration from the dashboard, in the real browser on the real engine: topology A (a
// volume with a file in it, and a volume B has no counterpart for) is deployed; on the dashboard an
// operator plans A → B, sees which volume carries where and why, changes the correspondence (the plan
// is asked again: nothing carries → Migrate is not offered) and back, confirms, and watches the steps
// turn done without reloading; after it, B runs on A's file and A's containers are gone.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { removeProjectLeftovers } from "./cluster-cleanup";
import { signInAs, topologyFolder } from "./fixtures";

const A = `e2e-mig-a-${process.pid}`;
const B = `e2e-mig-b-${process.pid}`;
const IMAGE = "ollamamax-test/busybox:latest";
const compose = (name: string, volumes: string[]) => `name: ${name}
services:
  app:
    image: ${IMAGE}
    command: ["sleep", "3600"]
    network_mode: none
    volumes: [${volumes.map((v) => `"${v}:/${v}"`).join(", ")}]
volumes:
${volumes.map((v) => `  ${v}: {}`).join("\n")}
`;
topologyFolder({ name: A, files: { "compose.yaml": compose(A, ["store", "scratch"]) } });
topologyFolder({ name: B, files: { "compose.yaml": compose(B, ["store"]) } });

const docker = (...args: string[]) => execFileSync("docker", args, { encoding: "utf8" }).trim();
const readStore = (project: string) =>
  docker("run", "--rm", "--network", "none", "-v", `${project}_store:/data`, IMAGE, "cat", "/data/kept.txt");
const runningOf = (project: string) =>
  docker("ps", "--filter", `label=com.docker.compose.project=${project}`, "--format", "{{.Names}}");
const statusOf = async (request: APIRequestContext, runId: string): Promise<string> => {
  const answer = await request.get(`/api/v1/runs/${runId}`);
  return answer.ok() ? ((await answer.json()) as { data: { status: string } }).data.status : "absent";
};

test.afterAll(() => {
  for (const project of [A, B]) {
    removeProjectLeftovers(project);
    for (const volume of ["store", "scratch"]) {
      try {
        docker("volume", "rm", "-f", `${project}_${volume}`);
      } catch {
        // never created
      }
    }
  }
  fs.rmSync(`data/backups/${A}`, { recursive: true, force: true });
});

test("an operator migrates a topology and its data from the dashboard, watching the steps live", async ({
  page,
}) => {
  test.setTimeout(240_000);
  const { request } = page;
  await signInAs(request, "operator");
  const deploy = await request.post("/api/deploy", { data: { topology: A, strategy: "dag" } });
  expect(deploy.status(), await deploy.text()).toBe(202);
  const runId = ((await deploy.json()) as { data: { runId: string } }).data.runId;
  await expect.poll(() => statusOf(request, runId), { timeout: 90_000 }).toBe("healthy");
  docker(
    "run",
    "--rm",
    "--network",
    "none",
    "-v",
    `${A}_store:/data`,
    IMAGE,
    "sh",
    "-c",
    "echo carried across > /data/kept.txt",
  );

  await page.goto("/");
  await page.locator("select[name=topology]").selectOption(A);
  const panel = page.getByTestId("migration-panel");
  await panel.getByText(`Migrate ${A} and its data to another topology`).click();
  await panel.getByRole("combobox", { name: "Migrate to" }).selectOption(B);
  await panel.getByRole("button", { name: "Plan" }).click();
  const mapping = panel.getByTestId("migration-mapping");
  await expect(mapping.locator("tr[data-from=store]")).toContainText("same volume name");
  await expect(mapping.locator("tr[data-from=scratch]")).toContainText("B has no corresponding volume");
  await expect(panel.getByTestId("migration-plan")).toContainText("Back up");

  // The person's correspondence replaces the proposal; the plan shown is the server's answer to it.
  const store = mapping.getByRole("combobox", { name: "store carried into" });
  await store.selectOption("");
  await expect(panel).toContainText("Nothing carries: choose where at least one volume goes.");
  await expect(panel.getByRole("button", { name: "Migrate", exact: true })).toHaveCount(0);
  await store.selectOption("store");
  await expect(mapping.locator("tr[data-from=store]")).toContainText("mapping");

  await panel.getByRole("button", { name: "Migrate", exact: true }).click();
  const confirm = panel.getByRole("dialog", { name: "Confirm migration" });
  await expect(confirm).toContainText(`tears it down (its volumes kept) and deploys ${B}`);
  await confirm.getByRole("button", { name: `Tear down ${A} and migrate` }).click();

  // The steps are drawn from the first read (all pending or running) and redrawn as they change.
  const live = panel.getByTestId("migration-live");
  const steps = live.getByTestId("migration-steps");
  await expect(steps.locator("tr[data-step]").first()).toBeVisible({ timeout: 15_000 });
  await expect(steps.locator("tr[data-step=validate-b]")).toHaveAttribute("data-state", "done", {
    timeout: 180_000,
  });
  await expect(live).toContainText("(migrated)");
  for (const key of ["backup-a", "teardown-a", "carry-data", "deploy-b"])
    await expect(steps.locator(`tr[data-step=${key}]`)).toHaveAttribute("data-state", "done");
  await page.screenshot({ path: "docs/screenshots/dashboard-migration.png", fullPage: true });

  expect(readStore(B)).toBe("carried across");
  expect(runningOf(A)).toBe("");
  expect(runningOf(B)).not.toBe("");
  await live.getByRole("link", { name: "Its run page" }).click();
  await expect(page.getByTestId("migration")).toContainText(`Migration ${A} → ${B}`);
  await expect(page.getByTestId("migration")).toContainText("(migrated)");
});
