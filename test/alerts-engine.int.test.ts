// The engine_unreachable rule on a real engine reached through a loopback TCP proxy this test
// controls: the proxy closed (refused), the alert opens on a webhook once the threshold passed, and
// resolves when the proxy forwards again; the proxy holding connections without an answer (a frozen
// engine) opens it too, the ping cut at its timeout instead of hanging. An environment an admin adds
// (tcp:// to another such proxy) is watched from then on; removed, it no longer is and its open
// alert is resolved.
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addChannel, changeRules, watchedEnvironments } from "@/lib/alerts";
import { deliveryTuning } from "@/lib/alerts/delivery";
import { ENGINE_WIDE } from "@/lib/alerts/rules";
import { REMOTE_ENGINE_PING_EVERY_MS, startAlertWatch, type AlertWatch } from "@/lib/alerts/watch";
import { listAlerts } from "@/lib/db/alerts";
import { getDeployBus } from "@/lib/deploy/bus";
import { ENGINE_PING_TIMEOUT_MS } from "@/lib/docker/engine-health-facts";
import { addEnvironment, removeEnvironment } from "@/lib/operations/environments";
import { startHttpReceiver, type HttpReceiver } from "./fixtures/alert-receivers";
import { engineProxy } from "./fixtures/engine-proxy";
import { testActor } from "./fixtures/principal";
import { scratchDatabase, scratchFolder } from "./fixtures/scratch-panel";

scratchDatabase({ dir: scratchFolder("alerts-engine-db-") });
const admin = testActor({ username: "alert-engine-admin", role: "admin" });

const proxy = engineProxy();
let webhook: HttpReceiver;
let watch: AlertWatch;
const texts = () => webhook.bodies.map((b) => (JSON.parse(b.body) as { text: string }).text);
const openEngineAlerts = async () =>
  (await listAlerts({ status: "open", take: 50, skip: 0 })).alerts.filter(
    (a) => a.rule === "engine_unreachable",
  );
const until = async (check: () => boolean, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out; webhook got: ${JSON.stringify(texts())}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

beforeAll(async () => {
  webhook = await startHttpReceiver();
  deliveryTuning().retryDelaysMs = [100, 300];
  await addChannel({
    ...admin,
    request: { kind: "webhook", name: "hook", maxPerMinute: 100, url: `${webhook.url}/hook` },
  });
  await changeRules({ ...admin, project: ENGINE_WIDE, changes: { engine_unreachable: { threshold: 1 } } });
  const port = await proxy.start();
  watch = startAlertWatch({
    docker: new Docker({ host: "127.0.0.1", port, protocol: "http" }),
    bus: getDeployBus(),
    environment: "proxied",
    engineName: "the proxied engine",
    engineEveryMs: 200,
  });
});

afterAll(async () => {
  watch?.stop();
  await proxy.close().catch(() => undefined);
  await webhook?.close();
});

describe("an engine that stops answering", () => {
  it("raises engine_unreachable once after the threshold when refused, and resolves when it answers", async () => {
    // Answering: nothing to say.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(texts()).toEqual([]);
    const closedAt = Date.now();
    await proxy.close();
    await until(() => texts().some((t) => t.startsWith("[ALERT] Engine or Swarm node unreachable")), 10_000);
    // The threshold (1 s) passed before it opened.
    expect(Date.now() - closedAt).toBeGreaterThanOrEqual(1_000);
    const [alert] = await openEngineAlerts();
    expect(alert).toMatchObject({
      environment: "proxied",
      project: null,
      title: expect.stringContaining("the proxied engine"),
    });
    expect(alert?.detail).toMatch(/refused/);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(texts().filter((t) => t.startsWith("[ALERT]"))).toHaveLength(1);

    await proxy.reopen("forward");
    await until(
      () => texts().some((t) => t.startsWith("[RESOLVED] Engine or Swarm node unreachable")),
      10_000,
    );
    expect(await openEngineAlerts()).toEqual([]);
  }, 60_000);

  it("raises it for a frozen engine too: each ping is cut at its timeout", async () => {
    const before = texts().length;
    await proxy.close();
    await proxy.reopen("hold");
    await until(
      () =>
        texts()
          .slice(before)
          .some((t) => t.startsWith("[ALERT] Engine or Swarm node unreachable")),
      ENGINE_PING_TIMEOUT_MS + 10_000,
    );
    const [alert] = await openEngineAlerts();
    expect(alert?.detail).toContain(`no answer to a ping within ${ENGINE_PING_TIMEOUT_MS / 1000} s`);
    await proxy.close();
    await proxy.reopen("forward");
    await until(
      () =>
        texts()
          .slice(before)
          .some((t) => t.startsWith("[RESOLVED] Engine or Swarm node unreachable")),
      ENGINE_PING_TIMEOUT_MS + 10_000,
    );
  }, 90_000);
});

describe("an added environment", () => {
  it("is watched from when it is added until it is removed, which resolves its alerts", async () => {
    const envProxy = engineProxy();
    const port = await envProxy.start();
    try {
      const { environment } = await addEnvironment({
        ...admin,
        request: { name: "alerts-proxied-env", url: `tcp://127.0.0.1:${port}` },
      });
      expect(watchedEnvironments()).toContain(environment.id);
      const before = texts().length;
      await envProxy.close();
      await until(
        () =>
          texts()
            .slice(before)
            .some((t) => t.includes('Engine or Swarm node unreachable: environment "alerts-proxied-env"')),
        // An environment's watch pings every 15 s: threshold 1 s, so within two pings.
        2 * REMOTE_ENGINE_PING_EVERY_MS + 5_000,
      );
      const [alert] = (await openEngineAlerts()).filter((a) => a.environment === environment.id);
      expect(alert?.detail).toMatch(/refused/);
      // Removed while it does not answer: its watch stops and its open alert is resolved.
      await removeEnvironment({ ...admin, environment: environment.id });
      expect(watchedEnvironments()).not.toContain(environment.id);
      expect((await openEngineAlerts()).filter((a) => a.environment === environment.id)).toEqual([]);
      await until(
        () =>
          texts()
            .slice(before)
            .some((t) => t.startsWith("[RESOLVED]") && t.includes("alerts-proxied-env")),
        10_000,
      );
    } finally {
      await envProxy.close().catch(() => undefined);
    }
  }, 90_000);
});
