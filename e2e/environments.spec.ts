// Issue 18, environments in the browser: an admin adds a Docker engine (here the local socket under
// another name, so the suite needs no second engine; the TLS engine is the environments lab's), sees
// its version, deploys to it from the dashboard, finds the run under that environment in the runs
// list, tears down and removes it. An operator sees the list but no form, and the API refuses them.
// An ssh engine (an ssh2 server on 127.0.0.1 whose `docker system dial-stdio` reaches the local
// socket) is added with its host key pinned and shown as ssh-keygen shows it.
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import net, { type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import ssh2 from "ssh2";
import { sshKeyPair } from "../test/fixtures/ssh-keys";
import { busyboxWebCompose, signInAs, topologyFolder } from "./fixtures";

// ssh2 is CommonJS: Playwright's loader gives its exports as the default only.
const { Server: SshServer } = ssh2;
const NAME = `e2e-envs-${process.pid}`;
const TOPOLOGY = `e2e-envs-${process.pid}`;
const compose = busyboxWebCompose(TOPOLOGY);
const containers = () =>
  execFileSync("docker", ["ps", "-aq", "--filter", `label=com.docker.compose.project=${TOPOLOGY}`])
    .toString()
    .trim();

topologyFolder({ name: TOPOLOGY, files: { "docker-compose.yml": compose } });

test("an operator sees the environments but cannot add one", async ({ page }) => {
  await signInAs(page.request, "operator");
  await page.goto("/settings/environments");
  await expect(page.getByTestId("environment-local")).toBeVisible();
  await expect(page.getByRole("form", { name: "New environment" })).toHaveCount(0);
  await expect(page.getByTestId("environments-admin-only")).toBeVisible();
  const refused = await page.request.post("/api/environments", {
    data: { name: "sneaky", url: "unix:///var/run/docker.sock" },
    headers: { origin: new URL(page.url()).origin },
  });
  expect(refused.status()).toBe(403);
  const listed = await page.request.get("/api/environments");
  expect(listed.status()).toBe(200);
  expect(await listed.text()).not.toMatch(/PRIVATE KEY|tlsSealed|sshKeySealed/);
});

test("an admin adds an environment in the UI, deploys to it and finds the run under it", async ({ page }) => {
  test.setTimeout(240_000);
  expect(containers(), "a previous run left containers of the project behind").toBe("");
  await signInAs(page.request, "admin");
  await page.goto("/settings/environments");
  const form = page.getByRole("form", { name: "New environment" });
  // A wrong address is refused with the failure's class and stores nothing.
  await form.getByPlaceholder("name (e.g. gpu-box)").fill(NAME);
  await form.getByPlaceholder(/tcp:\/\/host:2376/).fill("unix:///nonexistent/docker.sock");
  await form.getByLabel("Credentials").selectOption("none");
  await form.getByRole("button", { name: "Test and add" }).click();
  await expect(form.getByRole("alert")).toContainText("no such socket");
  await expect(page.getByTestId(`environment-${NAME}`)).toHaveCount(0);

  await form.getByPlaceholder(/tcp:\/\/host:2376/).fill("unix:///var/run/docker.sock");
  await form.getByRole("button", { name: "Test and add" }).click();
  await expect(form.getByRole("status")).toContainText(/Added .*: Docker \d+/);
  const row = page.getByTestId(`environment-${NAME}`);
  await expect(row).toContainText(/Docker \d+.* CPUs .* swarm/);

  // The dashboard on that environment: the picker names it, and Deploy goes there.
  await page.goto("/");
  await page.getByRole("combobox", { name: "Environment" }).selectOption(NAME);
  await expect(page).toHaveURL(new RegExp(`environment=${NAME}`));
  await expect(page.getByTestId("engine-card")).toContainText(NAME);
  await page.getByRole("form", { name: "Deploy" }).locator("select[name=topology]").selectOption(TOPOLOGY);
  // The local dashboard, open on the same topology while it deploys on NAME: the same project on
  // another engine is not its run, so it must not show it (it did, matching by project alone).
  const local = await page.context().newPage();
  await local.goto("/");
  await local.getByRole("form", { name: "Deploy" }).locator("select[name=topology]").selectOption(TOPOLOGY);
  await expect(local.getByTestId("heartbeat")).toHaveAttribute("data-connected", "true");
  await page.getByRole("button", { name: "Deploy", exact: true }).click();
  const runsOn = async (environment: string) =>
    (
      (await (
        await page.request.get(`/api/runs?topology=${TOPOLOGY}&environment=${environment}`)
      ).json()) as {
        data: { runs: { id: string; status: string; environmentId: string | null }[] };
      }
    ).data.runs;
  await expect.poll(async () => (await runsOn(NAME))[0]?.status, { timeout: 120_000 }).toBe("healthy");
  expect(containers()).not.toBe("");
  expect(await runsOn("local")).toHaveLength(0);
  await expect(page.getByTestId("run-outcome")).toHaveText("healthy");
  await expect(local.getByTestId("run-progress")).toHaveCount(0);
  await local.close();

  // The runs list shows and filters by the environment.
  await page.goto(`/runs?environment=${NAME}`);
  await expect(page.getByTestId("run-environment").first()).toHaveText(NAME);
  await page.goto(`/runs?environment=local&topology=${TOPOLOGY}`);
  await expect(page.getByTestId("run-row")).toHaveCount(0);

  // Compare names the environment in its headers, and its filter leaves out runs made elsewhere.
  const runId = (await runsOn(NAME))[0]?.id ?? "";
  await page.goto(`/compare?ids=${runId},${runId}&environment=${NAME}`);
  await expect(page.getByRole("columnheader", { name: new RegExp(`@ ${NAME}`) }).first()).toBeVisible();
  await page.goto(`/compare?ids=${runId},${runId}&environment=local`);
  await expect(page.getByTestId("environment-left-out")).toContainText("2 of the runs");

  // Removing it is refused while the cluster runs there; after teardown it goes.
  page.on("dialog", (dialog) => void dialog.accept());
  await page.goto("/settings/environments");
  await row.getByRole("button", { name: "Remove" }).click();
  await expect(row.getByRole("alert")).toContainText("still runs");
  const origin = new URL(page.url()).origin;
  const teardown = await page.request.post("/api/teardown", {
    data: { topology: TOPOLOGY, removeVolumes: true, environment: NAME },
    headers: { origin },
  });
  expect(teardown.status(), await teardown.text()).toBe(202);
  await expect.poll(containers, { timeout: 60_000 }).toBe("");
  await expect.poll(async () => (await runsOn(NAME))[0]?.status, { timeout: 30_000 }).toBe("torn_down");
  await row.getByRole("button", { name: "Remove" }).click();
  await expect(page.getByTestId(`environment-${NAME}`)).toHaveCount(0);
});

test("an admin adds an ssh engine: the host key it presents is pinned and its fingerprint shown", async ({
  page,
}) => {
  const hostKey = sshKeyPair();
  const panelKey = sshKeyPair();
  const engines = new Set<net.Socket>();
  const clients = new Set<{ end: () => unknown }>();
  const server = new SshServer({ hostKeys: [hostKey.private] }, (client) => {
    clients.add(client);
    client.on("error", () => undefined);
    client.on("authentication", (ctx) =>
      ctx.method === "publickey" ? ctx.accept() : ctx.reject(["publickey"]),
    );
    client.on("ready", () =>
      client.on("session", (accept) =>
        accept().on("exec", (acceptExec) => {
          const stream = acceptExec();
          const engine = net.connect("/var/run/docker.sock");
          engines.add(engine);
          stream.pipe(engine).pipe(stream);
          engine.on("close", () => stream.end());
        }),
      ),
    );
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", () => done()));
  const { port } = server.address() as AddressInfo;
  const pub = path.join(os.tmpdir(), `e2e-host-key-${process.pid}.pub`);
  writeFileSync(pub, `${hostKey.public}\n`);
  const fingerprint =
    execFileSync("ssh-keygen", ["-l", "-E", "sha256", "-f", pub]).toString().split(" ")[1] ?? "";
  const name = `${NAME}-ssh`;
  try {
    await signInAs(page.request, "admin");
    await page.goto("/settings/environments");
    const form = page.getByRole("form", { name: "New environment" });
    await form.getByPlaceholder("name (e.g. gpu-box)").fill(name);
    await form.getByPlaceholder(/tcp:\/\/host:2376/).fill(`ssh://panel@127.0.0.1:${port}`);
    await form.getByLabel("Credentials").selectOption("ssh");
    await form.getByLabel("ssh private key (PEM)").fill(panelKey.private);
    // A known_hosts line for another key: refused before the panel authenticates, nothing stored.
    const other = sshKeyPair().public;
    await form
      .getByLabel("Engine host key (known_hosts line, optional)")
      .fill(`[127.0.0.1]:${port} ${other}`);
    await form.getByRole("button", { name: "Test and add" }).click();
    await expect(form.getByRole("alert")).toContainText(`ssh host key mismatch`);
    await expect(form.getByRole("alert")).toContainText(`presented ${fingerprint}`);
    await expect(page.getByTestId(`environment-${name}`)).toHaveCount(0);
    // Without it, the key presented now is pinned and shown.
    await form.getByLabel("Engine host key (known_hosts line, optional)").fill("");
    await form.getByRole("button", { name: "Test and add" }).click();
    await expect(form.getByRole("status")).toContainText(`Host key pinned as presented: ${fingerprint}`);
    const row = page.getByTestId(`environment-${name}`);
    await expect(row).toContainText(`host key ${fingerprint}`);
    await row.getByRole("button", { name: "Test" }).click();
    await expect(row.getByRole("status")).toContainText(`host key ${fingerprint} as pinned`);
    page.on("dialog", (dialog) => void dialog.accept());
    await row.getByRole("button", { name: "Remove" }).click();
    await expect(page.getByTestId(`environment-${name}`)).toHaveCount(0);
  } finally {
    for (const engine of engines) engine.destroy();
    for (const client of clients) client.end();
    rmSync(pub, { force: true });
    await new Promise<void>((done) => server.close(() => done()));
  }
});
