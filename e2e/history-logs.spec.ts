// The resource history and the cluster log view in a real browser (issue 31): the history's range
// picker changes the resolution the chart is drawn in and shows the stored run as a marker; the
// combined log view merges two services and filters them by service, by text, and refuses a bad
// regex inline. Samples are seeded through the database; the containers run on the real engine.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { panelDatabase, signInAs } from "./fixtures";

const NAME = `e2e-hist-${process.pid}`;
const IMAGE = "ollamamax-test/busybox:latest";
const docker = (...args: string[]) => execFileSync("docker", args, { encoding: "utf8" });
const DAY_MS = 24 * 3600_000;

const run = (service: string, script: string) =>
  docker(
    "run",
    "-d",
    "--network",
    "none",
    "--name",
    `${NAME}-${service}-1`,
    "--label",
    `com.docker.compose.project=${NAME}`,
    "--label",
    `com.docker.compose.service=${service}`,
    // As the panel labels what it deploys: the log view reads only the panel's own containers.
    "--label",
    "org.ollamamax.managed=true",
    IMAGE,
    "sh",
    "-c",
    `${script}; sleep 3600`,
  );

test.beforeAll(() => {
  fs.mkdirSync(`topologies/${NAME}`, { recursive: true });
  fs.writeFileSync(
    `topologies/${NAME}/docker-compose.yml`,
    `name: ${NAME}\nservices:\n  alpha:\n    image: ${IMAGE}\n  beta:\n    image: ${IMAGE}\n`,
  );
  run("alpha", "echo alpha says hello; echo alpha-trouble >&2");
  run("beta", "echo beta says hello");
});

// 30 days of one container's history at the levels the recorder leaves, and one deploy 20 min ago.
test.beforeAll(async () => {
  const prisma = panelDatabase();
  const now = Date.now();
  const data = (
    [
      [3600, 30 * DAY_MS],
      [600, 30 * DAY_MS],
      [60, 7 * DAY_MS],
      [10, DAY_MS],
    ] as const
  ).flatMap(([resolutionS, spanMs]) =>
    Array.from({ length: spanMs / (resolutionS * 1000) }, (_, i) => {
      const t = now - spanMs + i * resolutionS * 1000;
      return {
        project: NAME,
        service: "alpha",
        container: `${NAME}-alpha-1`,
        t,
        resolutionS,
        cpuPercent: 20,
        memoryUsedBytes: 64 * 2 ** 20,
        memoryLimitBytes: 2 ** 30,
        netRxBytes: t / 100,
        netTxBytes: t / 200,
        blockReadBytes: 0,
        blockWriteBytes: 0,
      };
    }),
  );
  for (let i = 0; i < data.length; i += 5000)
    await prisma.containerStatSample.createMany({ data: data.slice(i, i + 5000) });
  await prisma.run.create({
    data: {
      id: `e2e-hist-${process.pid}`,
      topology: NAME,
      strategy: "dag",
      status: "healthy",
      kind: "deploy",
      project: NAME,
      startedAt: new Date(now - 20 * 60_000),
    },
  });
});

test.afterAll(() => {
  fs.rmSync(`topologies/${NAME}`, { recursive: true, force: true });
  for (const service of ["alpha", "beta"])
    try {
      docker("rm", "-f", `${NAME}-${service}-1`);
    } catch {
      // already gone
    }
});

test("the history's range picker redraws at the range's resolution, with the deploy marked", async ({
  page,
}) => {
  await signInAs(page.request, "viewer");
  await page.goto(`/topology/history?name=${NAME}`);
  const resolution = page.getByTestId("history-resolution");
  // The last hour may also hold the panel's own 10 s readings of the log test's running containers
  // (they carry the managed label, so the recorder samples them): the seeded one, perhaps one more.
  await expect(resolution).toHaveText(/^10 s per point, [12] containers$/);
  await expect(page.getByTestId("history-cpuPercent").locator(".recharts-line")).not.toHaveCount(0);
  await expect(page.getByTestId("history-cpuPercent")).toContainText("deploy");
  await page.getByRole("button", { name: "30 d" }).click();
  await expect(resolution).toHaveText("7200 s per point, 1 containers");
  await expect(page.getByRole("button", { name: "30 d" })).toHaveAttribute("aria-pressed", "true");
  await page.getByRole("button", { name: "24 h" }).click();
  await expect(resolution).toHaveText("300 s per point, 1 containers");
  await page.screenshot({ path: "docs/screenshots/resource-history.png", fullPage: true });
  await page.getByRole("button", { name: "Custom" }).click();
  await page.getByLabel("From", { exact: true }).fill("2020-01-01T00:00");
  await page.getByLabel("To", { exact: true }).fill("2020-01-02T00:00");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByText("No stored samples in this range")).toBeVisible();
});

test("the History page reads an added environment's history apart from the panel's own", async ({ page }) => {
  // An environment row and an hour of three containers' readings recorded on it (no engine behind
  // it: the page reads only the database). Removed after, so no other spec sees it.
  const prisma = panelDatabase();
  const envName = `e2e-hist-env-${process.pid}`;
  const env = await prisma.environment.create({
    data: { name: envName, url: "tcp://127.0.0.1:9", kind: "tcp" },
  });
  try {
    const now = Date.now();
    await prisma.containerStatSample.createMany({
      data: ["gamma", "delta", "epsilon"].flatMap((service) =>
        Array.from({ length: 360 }, (_, i) => ({
          environment: env.id,
          project: NAME,
          service,
          container: `${NAME}-${service}-1`,
          t: now - 3600_000 + i * 10_000,
          resolutionS: 10,
          cpuPercent: 50,
          memoryUsedBytes: 32 * 2 ** 20,
          memoryLimitBytes: 2 ** 30,
          netRxBytes: i,
          netTxBytes: i,
          blockReadBytes: 0,
          blockWriteBytes: 0,
        })),
      ),
    });
    await signInAs(page.request, "viewer");
    await page.goto(`/topology/history?name=${NAME}`);
    const resolution = page.getByTestId("history-resolution");
    await expect(resolution).toHaveText(/^10 s per point, [12] containers$/);
    await page.getByLabel("Environment").selectOption(envName);
    await expect(page).toHaveURL(new RegExp(`environment=${envName}`));
    await expect(resolution).toHaveText("10 s per point, 3 containers");
    // A line per container, named by its service.
    for (const service of ["gamma", "delta", "epsilon"])
      await expect(page.getByTestId("history-cpuPercent").getByText(service, { exact: true })).toBeVisible();
    // The local deploy 20 min ago is the panel's own engine's marker, not this engine's.
    await expect(page.getByTestId("history-cpuPercent")).not.toContainText("deploy");
    // Switching topology keeps the environment.
    await expect(page.getByRole("link", { name: NAME })).toHaveAttribute(
      "href",
      new RegExp(`environment=${envName}`),
    );
  } finally {
    await prisma.containerStatSample.deleteMany({ where: { environment: env.id } });
    await prisma.environment.delete({ where: { id: env.id } });
  }
});

test("the combined log view filters by service and text, and says a bad regex is one", async ({ page }) => {
  await signInAs(page.request, "viewer");
  await page.goto(`/topology/logs?name=${NAME}`);
  const lines = page.getByTestId("log-lines");
  await expect(lines).toContainText("alpha says hello");
  await expect(lines).toContainText("beta says hello");
  await expect(lines).toContainText("alpha-trouble");

  await page.getByRole("checkbox", { name: "beta" }).check();
  await expect(lines).not.toContainText("alpha");
  await expect(lines).toContainText("beta says hello");
  await page.getByRole("checkbox", { name: "beta" }).uncheck();

  await page.getByLabel("Search the logs").fill("TROUBLE");
  await page.getByRole("button", { name: "Find" }).click();
  await expect(lines.locator("div")).toHaveCount(1);
  await expect(lines).toContainText("alpha-trouble");
  await expect(lines.locator("div").first()).toHaveAttribute("data-stream", "stderr");

  await page.getByRole("checkbox", { name: "regex" }).check();
  await page.getByLabel("Search the logs").fill("says (hello");
  await page.getByRole("button", { name: "Find" }).click();
  await expect(page.getByText("q: not a valid regular expression")).toBeVisible();
  await page.getByLabel("Search the logs").fill("^beta.*hello$");
  await page.getByRole("button", { name: "Find" }).click();
  await expect(lines.locator("div")).toHaveCount(1);
  await expect(lines).toContainText("beta says hello");
  await page.screenshot({ path: "docs/screenshots/cluster-logs.png", fullPage: true });

  // Follow: new lines arrive over the socket as they are written, through the same search.
  await page.getByRole("checkbox", { name: "regex" }).uncheck();
  await page.getByLabel("Search the logs").fill("later");
  await page.getByRole("button", { name: "Find" }).click();
  await expect(lines.locator("div")).toHaveCount(0);
  await page.getByRole("checkbox", { name: "Follow" }).check();
  // The follow is open once the socket acknowledged it; lines written before that are still sent (from the last shown).
  const say = (service: string, text: string) =>
    docker("exec", `${NAME}-${service}-1`, "sh", "-c", `echo ${text} > /proc/1/fd/1`);
  say("beta", "beta unrelated");
  say("beta", "beta later one");
  say("alpha", "alpha later two");
  await expect(lines).toContainText("beta later one", { timeout: 10_000 });
  await expect(lines).toContainText("alpha later two");
  await expect(lines).not.toContainText("unrelated");
});
