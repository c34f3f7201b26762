// Issue 31, alerts in the browser: an admin adds a webhook channel on the Alerts page and its
// "Send test" reaches a receiver this test starts on loopback; a container of a deployed fixture
// topology is killed and the dashboard's badge shows the alert, and the receiver gets it too.
import { execFileSync } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { busyboxWebCompose, signInAs, topologyFolder } from "./fixtures";

const TOPOLOGY = `e2e-alerts-${process.pid}`;
const CHANNEL = `e2e-hook-${process.pid}`;
const compose = busyboxWebCompose(TOPOLOGY);
topologyFolder({ name: TOPOLOGY, files: { "docker-compose.yml": compose } });

const received: string[] = [];
let server: http.Server;
let url = "";

test.beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      received.push(body);
      res.writeHead(200).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});

test.afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const texts = () => received.map((b) => (JSON.parse(b) as { text: string }).text);

test("an admin adds a webhook channel and its test reaches the receiver; a killed container shows on the dashboard", async ({
  page,
}) => {
  test.setTimeout(240_000);
  await signInAs(page.request, "admin");
  await page.goto("/alerts");
  const form = page.getByRole("form", { name: "New alert channel" });
  // A URL that is not http(s) is refused, naming the field.
  await form.getByPlaceholder("name (e.g. ops-slack)").fill(CHANNEL);
  await form.getByLabel("URL").fill("file:///etc/passwd");
  await form.getByRole("button", { name: "Add channel" }).click();
  await expect(form.getByRole("alert")).toContainText("url: must be an http:// or https:// URL");
  await form.getByLabel("URL").fill(url);
  await form.getByRole("button", { name: "Add channel" }).click();
  const row = page.getByTestId(`channel-${CHANNEL}`);
  await expect(row).toContainText(url);
  await row.getByRole("button", { name: "Send test" }).click();
  await expect(row.getByRole("status")).toContainText("sent");
  await expect
    .poll(() => texts().some((t) => t.includes(`[TEST] OllamaMax alert channel "${CHANNEL}"`)))
    .toBe(true);

  // Deploy the fixture, then kill its container: the dashboard's badge shows the alert.
  const origin = new URL(page.url()).origin;
  const deploy = await page.request.post("/api/v1/deploy", {
    data: { topology: TOPOLOGY, strategy: "dag" },
    headers: { origin },
  });
  expect(deploy.status(), await deploy.text()).toBe(202);
  const { runId } = ((await deploy.json()) as { data: { runId: string } }).data;
  await expect
    .poll(
      async () =>
        ((await (await page.request.get(`/api/v1/runs/${runId}`)).json()) as { data?: { status?: string } })
          .data?.status,
      { timeout: 120_000 },
    )
    .toBe("healthy");
  await page.goto("/");
  await expect(page.getByTestId("alert-badge")).toBeVisible();
  const id = execFileSync("docker", ["ps", "-q", "--filter", `label=com.docker.compose.project=${TOPOLOGY}`])
    .toString()
    .trim();
  expect(id).not.toBe("");
  // The CI of 2026-12-07 saw `docker kill` answer "network … not found" (exit 1) for this container
  // on the shared engine. What the test asserts is the alert, so an error of the kill call itself is
  // logged, not thrown: a container the kill did not stop raises no alert and the next line fails.
  try {
    execFileSync("docker", ["kill", id], { stdio: "pipe" });
  } catch (error) {
    console.log(`docker kill ${id}: ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}`);
  }
  await expect(page.getByTestId("alert-badge")).toContainText("Container died: web", { timeout: 15_000 });
  await expect.poll(() => texts().some((t) => t.startsWith("[ALERT] Container died: web"))).toBe(true);
  await page.getByTestId("alert-badge").click();
  await expect(page.getByTestId("alert-container_died").first()).toContainText(TOPOLOGY);

  const teardown = await page.request.post("/api/v1/teardown", {
    data: { topology: TOPOLOGY, removeVolumes: true },
    headers: { origin },
  });
  expect(teardown.status(), await teardown.text()).toBe(202);
});
