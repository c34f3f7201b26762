// The deploy_regression rule on the real engine: two deploys of a fixture whose service counts
// before it serves (CPU-bound), then the same topology with a tenth of the CPU limit. The slowed
// deploy, under otherwise equal conditions, raises "Deploy slower than usual" on a webhook naming
// that run; the baseline deploys raise nothing (the margin is set wide enough for this host's noise).
// The runs' regression badge (the stored summary) is the same judgement: set on the slowed run only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addChannel, changeRules } from "@/lib/alerts";
import { deliveryTuning } from "@/lib/alerts/delivery";
import { startAlertWatch, type AlertWatch } from "@/lib/alerts/watch";
import type { Service } from "@/lib/compose/types";
import { listAlerts } from "@/lib/db/alerts";
import { getRunsForCompare } from "@/lib/db/runs";
import { getDeployBus } from "@/lib/deploy/bus";
import { startTeardown } from "@/lib/deploy";
import { getDocker } from "@/lib/docker/client";
import { startRunSummaryRecorder } from "@/lib/recording/run-summary";
import { startApprovedDeploy } from "./fixtures/approved-deploy";
import { startHttpReceiver, type HttpReceiver } from "./fixtures/alert-receivers";
import { purgeProject, uniqueProject } from "./fixtures/deploy-support";
import { fixtureService, fixtureTopology, HTTPD } from "./fixtures/fixture-topology";
import { testActor } from "./fixtures/principal";
import { runJournal, scratchDatabase, scratchFolder } from "./fixtures/scratch-panel";

scratchDatabase({ dir: scratchFolder("alerts-regression-db-") });
const journal = runJournal();
const project = uniqueProject();
const name = `regression-${project}`;
const admin = testActor({ username: "alert-regression-admin", role: "admin" });
/** The slowed deploy must take more than twice the baseline median to count (2× is far above noise here). */
const MARGIN_PERCENT = 100;
let webhook: HttpReceiver;
let watch: AlertWatch;

// Counting in busybox sh before serving: about a second of one core, so the CPU limit decides.
const counter = (cpusLimit: number): Service =>
  fixtureService({
    name: "counter",
    command: ["sh", "-c", `i=0; while [ $i -lt 150000 ]; do i=$((i+1)); done; exec ${HTTPD.join(" ")}`],
    resources: { cpusLimit, memoryLimitBytes: null, cpusReservation: null, memoryReservationBytes: null },
  });

const deployOnce = async (cpusLimit: number) => {
  const result = await startApprovedDeploy({
    topology: fixtureTopology({ project, services: [counter(cpusLimit)] }),
    strategy: "dag",
    probeIntervalMs: 100,
    awaitDockerHealth: false,
    settings: { topology: name },
    conditions: { fitMode: "none", fitChanges: [], freshData: false, dataState: "none", data: [] },
  }).done;
  await journal().done(result.runId);
  expect(result.status).toBe("healthy");
  const teardown = await startTeardown({ project, stopTimeoutSeconds: 0 }).done;
  await journal().done(teardown.runId);
  return result;
};

const regressionTexts = () =>
  webhook.bodies
    .map((b) => JSON.parse(b.body) as { text: string; alert?: { runId?: string | null } })
    .filter((b) => b.text.startsWith("[ALERT] Deploy slower than usual"));

beforeAll(async () => {
  webhook = await startHttpReceiver();
  deliveryTuning().retryDelaysMs = [100, 300];
  await addChannel({
    ...admin,
    request: { kind: "webhook", name: "hook", maxPerMinute: 100, url: `${webhook.url}/hook` },
  });
  await changeRules({ ...admin, project, changes: { deploy_regression: { threshold: MARGIN_PERCENT } } });
  watch = startAlertWatch({ docker: getDocker(), bus: getDeployBus(), environment: null });
  startRunSummaryRecorder({ journal: journal() });
});

/** The stored badge of a run once its summary is written. */
const badgeOf = async (runId: string) => {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const [run] = await getRunsForCompare([runId]);
    if (run?.baselineMedianMs !== null && run?.baselineMedianMs !== undefined) return run.regression;
    if (Date.now() > deadline) throw new Error(`no summary for ${runId}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

afterAll(async () => {
  watch?.stop();
  await purgeProject(project);
  await webhook?.close();
});

describe("a deploy slowed by a tighter CPU limit", () => {
  it("raises deploy_regression naming the slowed run; the baseline deploys raise nothing", async () => {
    const baseline = [await deployOnce(1), await deployOnce(1)];
    // The judgement of the second baseline deploy has had its time (it reads the stored run).
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(regressionTexts()).toEqual([]);

    const slowed = await deployOnce(0.1);
    const baselineMedian = baseline.map((r) => r.totalMs ?? 0).reduce((a, b) => a + b, 0) / baseline.length;
    // What the test rests on: the limit really slowed the deploy past the margin on this host.
    expect(slowed.totalMs ?? 0).toBeGreaterThan(baselineMedian * (1 + MARGIN_PERCENT / 100));

    const deadline = Date.now() + 30_000;
    while (regressionTexts().length === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(regressionTexts()).toHaveLength(1);
    const [alert] = (await listAlerts({ status: "open", take: 50, skip: 0 })).alerts.filter(
      (a) => a.rule === "deploy_regression",
    );
    expect(alert).toMatchObject({ project, runId: slowed.runId });
    expect(alert?.detail).toContain(`Deploy ${slowed.runId} took`);
    expect(alert?.detail).toContain(`more than ${MARGIN_PERCENT} % over the median`);
    expect(alert?.detail).toContain("of 2 earlier deploys under equal conditions");
    // The badge (10 % margin) on the slowed run; the second baseline run is judged against the first.
    expect(await badgeOf(slowed.runId)).toBe(true);
    expect(await badgeOf(baseline[1]?.runId ?? "")).toBe(
      (baseline[1]?.totalMs ?? 0) > (baseline[0]?.totalMs ?? 0) * 1.1,
    );
  }, 240_000);
});
