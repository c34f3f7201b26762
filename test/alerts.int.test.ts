// Alerts on the real engine, sent to a webhook and an SMTP server this test starts on loopback:
// killing a container raises "died" within 5 s on both; starting it again, healthy, sends
// "resolved"; a restart loop is raised once; a channel that fails is retried and the failure shown;
// the remedy restarts a killed container once (audited); a teardown the panel runs raises nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addChannel, changeRules, channelsForDisplay, removeChannel, testChannel } from "@/lib/alerts";
import { deliveryTuning } from "@/lib/alerts/delivery";
import { startAlertWatch, type AlertWatch } from "@/lib/alerts/watch";
import { listAlerts } from "@/lib/db/alerts";
import { getPrisma } from "@/lib/db/client";
import { getDeployBus } from "@/lib/deploy/bus";
import { startTeardown } from "@/lib/deploy";
import { getDocker } from "@/lib/docker/client";
import { getPanelMetrics } from "@/lib/metrics/panel-metrics";
import { startApprovedDeploy } from "./fixtures/approved-deploy";
import {
  startHttpReceiver,
  startSmtpReceiver,
  type HttpReceiver,
  type SmtpReceiver,
} from "./fixtures/alert-receivers";
import { purgeProject, uniqueProject } from "./fixtures/deploy-support";
import { fixtureService, fixtureTopology } from "./fixtures/fixture-topology";
import { testActor } from "./fixtures/principal";
import { runJournal, scratchDatabase, scratchFolder } from "./fixtures/scratch-panel";

scratchDatabase({ dir: scratchFolder("alerts-db-") });
const journal = runJournal();
const project = uniqueProject();
const admin = testActor({ username: "alert-admin", role: "admin" });
let webhook: HttpReceiver;
let smtp: SmtpReceiver;
let watch: AlertWatch;

const until = async <T>(read: () => T | null | Promise<T | null>, timeoutMs = 20_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

const webhookTexts = () =>
  webhook.bodies.filter((b) => b.path === "/hook").map((b) => (JSON.parse(b.body) as { text: string }).text);
const containerOf = async (service: string) => {
  const [c] = await getDocker().listContainers({
    all: true,
    filters: { label: [`com.docker.compose.project=${project}`, `com.docker.compose.service=${service}`] },
  });
  if (!c) throw new Error(`no container for ${service}`);
  return getDocker().getContainer(c.Id);
};

beforeAll(async () => {
  webhook = await startHttpReceiver();
  smtp = await startSmtpReceiver();
  deliveryTuning().retryDelaysMs = [100, 300];
  await addChannel({
    ...admin,
    request: {
      kind: "webhook",
      name: "hook",
      maxPerMinute: 100,
      url: `${webhook.url}/hook`,
      headers: { authorization: "Bearer Tulip-Orbit-3318" },
    },
  });
  await addChannel({
    ...admin,
    request: {
      kind: "email",
      name: "mail",
      maxPerMinute: 100,
      host: "127.0.0.1",
      port: smtp.port,
      security: "none",
      from: "panel@example.org",
      to: ["ops@example.org"],
    },
  });
  watch = startAlertWatch({ docker: getDocker(), bus: getDeployBus(), environment: null });
  const topology = fixtureTopology({
    project,
    services: [fixtureService({ name: "web" }), fixtureService({ name: "api" })],
  });
  const deploy = await startApprovedDeploy({
    topology,
    strategy: "dag",
    awaitDockerHealth: true,
    settings: { topology: "alerts-fixture" },
  }).done;
  expect(deploy.status).toBe("healthy");
  await journal().done(deploy.runId);
});

afterAll(async () => {
  watch?.stop();
  await purgeProject(project);
  await webhook?.close();
  await smtp?.close();
});

describe("alerts on the real engine", () => {
  it("raises died within 5 s on the webhook and by email, and resolved once the container is healthy again", async () => {
    const web = await containerOf("web");
    const killedAt = Date.now();
    await web.kill();
    await until(
      () => (webhookTexts().some((t) => t.startsWith("[ALERT] Container died: web")) ? true : null),
      5_000,
    );
    await until(
      () => (smtp.messages.some((m) => m.subject.startsWith("[ALERT] Container died: web")) ? true : null),
      5_000,
    );
    const seenMs = Date.now() - killedAt;
    expect(seenMs).toBeLessThan(5_000);
    const body = JSON.parse(webhook.bodies.at(-1)?.body ?? "{}") as {
      content?: string;
      alert?: { rule?: string };
    };
    expect(body.content).toContain("Container died");
    expect(body.alert?.rule).toBe("container_died");
    // The sealed header reaches the receiver, and only it.
    expect(webhook.bodies.at(-1)?.headers.authorization).toBe("Bearer Tulip-Orbit-3318");

    await web.start();
    await until(() =>
      webhookTexts().some((t) => t.startsWith("[RESOLVED] Container died: web")) ? true : null,
    );
    await until(() =>
      smtp.messages.some((m) => m.subject.startsWith("[RESOLVED] Container died: web")) ? true : null,
    );
    const { alerts } = await listAlerts({ take: 10, skip: 0 });
    expect(alerts.find((a) => a.rule === "container_died")).toMatchObject({ resolvedAt: expect.any(Date) });
  });

  it("raises a restart loop once, not per restart", async () => {
    const web = await containerOf("web");
    for (let i = 0; i < 5; i++) {
      await web.kill();
      await until(async () => ((await web.inspect()).State.Running ? null : true));
      await web.start();
    }
    await until(() => (webhookTexts().some((t) => t.startsWith("[ALERT] Restart loop: web")) ? true : null));
    // Let late events land: still one.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(webhookTexts().filter((t) => t.startsWith("[ALERT] Restart loop: web"))).toHaveLength(1);
    expect(smtp.messages.filter((m) => m.subject.startsWith("[ALERT] Restart loop: web"))).toHaveLength(1);
    const { alerts } = await listAlerts({ status: "open", take: 10, skip: 0 });
    expect(alerts.filter((a) => a.rule === "restart_loop")).toHaveLength(1);
  });

  it("retries a failing channel and shows the failure", async () => {
    webhook.failNext(1);
    const retried = await testChannel({ ...admin, id: "hook" });
    expect(retried).toMatchObject({ outcome: "sent", attempts: 2 });
    webhook.failNext(10);
    const failed = await testChannel({ ...admin, id: "hook" });
    expect(failed).toMatchObject({
      outcome: "failed",
      attempts: 3,
      error: expect.stringContaining("HTTP 500"),
    });
    webhook.failNext(0);
    const hook = (await channelsForDisplay()).find((c) => c.name === "hook");
    expect(hook?.lastError).toContain("HTTP 500");
    expect(hook?.deliveries[0]).toMatchObject({ event: "test", outcome: "failed", attempts: 3 });
    expect(JSON.stringify(hook)).not.toContain("Tulip-Orbit");
    // Rate-limited per channel: a second message within the minute of a channel that takes one is dropped.
    await addChannel({
      ...admin,
      request: { kind: "ntfy", name: "tight", url: `${webhook.url}/ntfy`, maxPerMinute: 1 },
    });
    expect(await testChannel({ ...admin, id: "tight" })).toMatchObject({ outcome: "sent" });
    expect(await testChannel({ ...admin, id: "tight" })).toMatchObject({
      outcome: "rate_limited",
      attempts: 0,
    });
    const ntfy = webhook.bodies.find((b) => b.path === "/ntfy");
    expect(ntfy?.headers.title).toBe("[TEST] OllamaMax alert channel");
    expect(ntfy?.body).toContain('"tight" works');
    await removeChannel({ ...admin, id: "tight" });
    // Counted in /metrics.
    const text = await getPanelMetrics().registry.metrics();
    expect(text).toMatch(/ollamamax_alert_deliveries_total\{kind="webhook",outcome="failed"\} [1-9]/);
    expect(text).toMatch(/ollamamax_alert_deliveries_total\{kind="email",outcome="sent"\} [1-9]/);
    expect(text).toMatch(/ollamamax_alerts_opened_total\{rule="container_died"\} [1-9]/);
  });

  it("restarts the container once when the project asked for the remedy, audited", async () => {
    await changeRules({ ...admin, project, changes: { container_died: { remedy: true } } });
    await watch.reloadSettings();
    const api = await containerOf("api");
    await api.kill();
    await until(() =>
      webhookTexts().some((t) => t.startsWith("[ALERT] Container died: api")) ? true : null,
    );
    // Nobody starts it: the panel does, and it turns healthy again.
    await until(() =>
      webhookTexts().some((t) => t.startsWith("[RESOLVED] Container died: api")) ? true : null,
    );
    expect((await api.inspect()).State.Running).toBe(true);
    const audit = await getPrisma().auditEvent.findMany({ where: { action: "alert.remedy" } });
    expect(audit).toEqual([expect.objectContaining({ actor: "panel", target: `${project}/api`, ok: true })]);
  });

  it("raises nothing when the panel tears the project down, and resolves what was open", async () => {
    const before = webhookTexts().filter((t) => t.startsWith("[ALERT]")).length;
    const teardown = await startTeardown({ project, stopTimeoutSeconds: 0 }).done;
    expect(teardown.status).toBe("torn_down");
    await until(() =>
      webhookTexts().some((t) => t.startsWith("[RESOLVED] Restart loop: web")) ? true : null,
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(webhookTexts().filter((t) => t.startsWith("[ALERT]")).length).toBe(before);
    const { alerts } = await listAlerts({ status: "open", take: 10, skip: 0 });
    expect(alerts.filter((a) => a.project === project)).toEqual([]);
  });
});
