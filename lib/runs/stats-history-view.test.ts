// The resource history's view against a real SQLite database migrated by the committed migrations:
// the project's runs and alerts that started or opened in the range come as markers on the time
// axis, another project's, another engine's and those outside the range do not.
import fs from "node:fs";
import { afterAll, describe, expect, it, vi } from "vitest";
import { migrateScratchSqlite } from "@/test/fixtures/scratch-sqlite";

const dir = vi.hoisted(() => {
  const scratch = `/tmp/ollamamax-history-view-${process.pid}`;
  process.env.DATABASE_URL = `file:${scratch}/panel.db`;
  return scratch;
});
migrateScratchSqlite(`${dir}/panel.db`);

const { statsHistoryView } = await import("./stats-history-view");
const { openAlert, resolveAlert } = await import("@/lib/db/alerts");
const { getPrisma } = await import("@/lib/db/client");

afterAll(async () => {
  await getPrisma().$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

const HOUR = 3600_000;

describe("the resource history's markers", () => {
  it("names the project's runs and alerts in the range, open or resolved, and nothing else", async () => {
    const now = Date.now();
    const alert = (project: string, subject: string) => ({
      key: `container_died|local|${project}|${subject}`,
      rule: "container_died",
      project,
      service: subject,
      environment: null,
      runId: null,
      title: `${subject} of ${project} died`,
      detail: "exit 137",
    });
    const died = await openAlert(alert("hv", "api"));
    await resolveAlert({ key: died.alert.key, detail: "running again" });
    const open = await openAlert(alert("hv", "db"));
    await openAlert(alert("other", "api"));
    // The same project on an added environment is another cluster.
    await openAlert({ ...alert("hv", "api"), key: "container_died|env-b|hv|api", environment: "env-b" });
    // An alert opened two hours ago is outside a one-hour range.
    const old = await openAlert(alert("hv", "cache"));
    await getPrisma().alert.update({
      where: { id: old.alert.id },
      data: { openedAt: new Date(now - 2 * HOUR) },
    });
    await getPrisma().run.create({
      data: {
        id: "run-hv-1",
        topology: "hv",
        project: "hv",
        strategy: "dag",
        status: "healthy",
        kind: "deploy",
      },
    });
    await getPrisma().run.create({
      data: {
        id: "run-hv-env-b",
        topology: "hv",
        project: "hv",
        strategy: "dag",
        status: "healthy",
        kind: "deploy",
        environmentId: "env-b",
      },
    });

    const view = await statsHistoryView({
      environment: null,
      project: "hv",
      fromMs: now - HOUR,
      toMs: now + 60_000,
    });
    expect(view.markers.map((m) => [m.runId, m.kind])).toEqual([["run-hv-1", "deploy"]]);
    expect(view.alerts.map((a) => [a.alertId, a.rule, a.title])).toEqual([
      [died.alert.id, "container_died", "api of hv died"],
      [open.alert.id, "container_died", "db of hv died"],
    ]);
    expect(view.alerts[0]!.resolvedT).toBeGreaterThanOrEqual(view.alerts[0]!.t);
    expect(view.alerts[1]!.resolvedT).toBeNull();

    const onB = await statsHistoryView({
      environment: "env-b",
      project: "hv",
      fromMs: now - HOUR,
      toMs: now + 60_000,
    });
    expect(onB.markers.map((m) => m.runId)).toEqual(["run-hv-env-b"]);
    expect(onB.alerts.map((a) => a.title)).toEqual(["api of hv died"]);
    expect(onB.environment).toBe("env-b");
  });
});
