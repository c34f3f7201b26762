// Compose profiles in the real browser: the deploy form shows a picker only for a topology that
// declares profiles, the chosen profile reaches the deploy request, and the profile's service runs.
import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { parseTopology } from "@/lib/compose";
import { budgetsFor } from "../test/fixtures/engine-calibration";
import { signInAs, topologyFolder } from "./fixtures";

const NAME = "cmpfiles-e2e";
const running = () =>
  execFileSync("docker", [
    "ps",
    "--filter",
    `label=com.docker.compose.project=${NAME}`,
    "--format",
    '{{.Label "com.docker.compose.service"}}',
  ])
    .toString()
    .trim()
    .split("\n")
    .filter(Boolean)
    .sort();

const COMPOSE = `name: ${NAME}
services:
  app:
    image: ollamamax-test/busybox:latest
    command: ["sleep", "3600"]
  debug-tool:
    image: ollamamax-test/busybox:latest
    command: ["sleep", "3600"]
    profiles: ["debug"]
`;
topologyFolder({ name: NAME, files: { "compose.yaml": COMPOSE } });

test("a profile chosen in the deploy form starts its service; topologies without profiles show no picker", async ({
  page,
}) => {
  // How long both may take to run: their (absent) health checks and this engine (engine-calibration.ts).
  const parsed = parseTopology({
    text: COMPOSE,
    file: `/tmp/${NAME}/compose.yaml`,
    env: {},
    profiles: ["debug"],
  });
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join("\n"));
  const { deployMs } = await budgetsFor({ services: parsed.topology.services });
  await signInAs(page.request, "operator");
  await page.goto("/");
  const form = page.getByRole("form", { name: "Deploy" });
  await form.locator("select[name=topology]").selectOption("original");
  await expect(page.getByTestId("profile-picker")).toHaveCount(0);

  await form.locator("select[name=topology]").selectOption(NAME);
  const picker = page.getByTestId("profile-picker");
  await expect(picker).toContainText("debug");
  await expect(picker).toContainText("debug-tool");
  await picker.getByRole("checkbox", { name: /debug/ }).check();

  const [request] = await Promise.all([
    page.waitForRequest((r) => r.url().endsWith("/api/deploy") && r.method() === "POST"),
    form.getByRole("button", { name: "Deploy", exact: true }).click(),
  ]);
  expect(request.postDataJSON()).toMatchObject({ topology: NAME, profiles: ["debug"] });
  await expect.poll(running, { timeout: deployMs }).toEqual(["app", "debug-tool"]);

  // The Topology page names the profile and the service it leaves out by default.
  await page.goto(`/topology?name=${NAME}`);
  await expect(page.getByTestId("compose-files")).toContainText("debug → debug-tool");
});
