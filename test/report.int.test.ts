// The analysis report after a real deploy: a service on the critical path that burns CPU under a
// small limit is throttled (read from its cgroup when the run finished), so the report names the
// measured path, recommends more CPU for it with a predicted path, leaves a throttled service off
// the path without a recommendation, and renders as Markdown and as a PDF whose pages pdftoppm reads.
import { execFileSync } from "node:child_process";
import { readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db/client";
import { storeEffectiveTopology } from "@/lib/db/effective-files";
import { startTeardown } from "@/lib/deploy";
import { getDocker } from "@/lib/docker/client";
import { applyLimitOverrides } from "@/lib/operations/deploy-settings";
import { reportHtmlDocument } from "@/lib/report/html";
import { reportOf } from "@/lib/report/load-report";
import { reportMarkdown } from "@/lib/report/markdown";
import { printPdf } from "@/lib/report/pdf";
import { readCgroupThrottling, throttlingHostFor } from "@/lib/stats/cpu-throttling";
import { startApprovedDeploy } from "./fixtures/approved-deploy";
import { purgeProject, uniqueProject } from "./fixtures/deploy-support";
import { dependsOn, fixtureService, fixtureTopology, HTTPD, httpCheck } from "./fixtures/fixture-topology";
import { runJournal, scratchDatabase, scratchFolder } from "./fixtures/scratch-panel";

const dir = scratchFolder("report-int-");
scratchDatabase({ dir });
const journal = runJournal();
const project = uniqueProject();
const NAME = "report-fixture";

// Busy for 10 s (wall clock) before serving: under a 0.2-CPU limit the CFS quota stops it most
// periods, and app (after db) is ready well after side, whose exec probe runs under a 0.1-CPU quota
// (ready in about 2 s here, later on a loaded host: with 3 s of burning it once came out last).
const BURN_THEN_SERVE = [
  "sh",
  "-c",
  `end=$(($(date +%s)+10)); while [ $(date +%s) -lt $end ]; do :; done; exec ${HTTPD.join(" ")}`,
];
const limit = (cpus: number) => ({
  cpusLimit: cpus,
  memoryLimitBytes: null,
  cpusReservation: null,
  memoryReservationBytes: null,
});

const topology = fixtureTopology({
  project,
  services: [
    // Its check may fail while it burns: a start period covering the burn (Docker's own rule).
    fixtureService({
      name: "db",
      command: BURN_THEN_SERVE,
      resources: limit(0.2),
      healthcheck: httpCheck({ startPeriodMs: 20_000 }),
    }),
    fixtureService({ name: "app", dependsOn: [dependsOn("db")], healthcheck: null, command: HTTPD }),
    // Off the path: throttled as much, but ready long before app — ready when it runs (no health
    // check): an exec probe inside its 0.1-CPU quota, behind its own busy loop, made it ready last
    // on a loaded host (the path came out as "side").
    fixtureService({
      name: "side",
      command: ["sh", "-c", "while :; do :; done & exec " + HTTPD.join(" ")],
      resources: limit(0.1),
      healthcheck: null,
    }),
  ],
});

beforeAll(async () => {
  const { startRunSummaryRecorder } = await import("@/lib/recording/run-summary");
  startRunSummaryRecorder({ journal: journal() });
});
afterAll(async () => {
  await purgeProject(project);
});

describe("analysis report after a real deploy", () => {
  it("names the measured path, reads throttling from the cgroup, recommends only on the path, renders Markdown and PDF", async () => {
    const deploy = await startApprovedDeploy({
      topology,
      strategy: "dag",
      fitScale: { cpu: 1, memory: 1 },
      awaitDockerHealth: false,
      settings: { topology: NAME },
    }).done;
    expect(
      deploy.status,
      JSON.stringify({
        error: deploy.error,
        services: deploy.services.map((x) => [x.service, x.state, x.readyAt]),
      }),
    ).toBe("healthy");
    await journal().done(deploy.runId);
    await storeEffectiveTopology({ runId: deploy.runId, topology, masked: [] });
    // The throttling counters are stored after the summary: wait for them.
    const prisma = getPrisma();
    const deadline = Date.now() + 30_000;
    let stored = await prisma.serviceTiming.findMany({ where: { runId: deploy.runId } });
    while (stored.some((s) => s.cpuPeriods === null) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      stored = await prisma.serviceTiming.findMany({ where: { runId: deploy.runId } });
    }
    const db = stored.find((s) => s.service === "db");
    expect(db?.cpuPeriods).toBeGreaterThan(0);

    // Read from the kernel here (the engine is local): the stored counters are the cgroup's, which only grow.
    const host = throttlingHostFor(getDocker());
    expect(host, "this test runs beside the engine, where cgroups are readable").not.toBeNull();
    const [container] = await getDocker().listContainers({
      filters: { label: [`com.docker.compose.project=${project}`, "com.docker.compose.service=db"] },
    });
    const pid = (
      await getDocker()
        .getContainer(container?.Id ?? "")
        .inspect()
    ).State.Pid;
    const now = host ? readCgroupThrottling(host, { containerId: container?.Id ?? "", pid }) : null;
    expect(now?.throttledPeriods).toBeGreaterThanOrEqual(db?.cpuThrottledPeriods ?? Infinity);
    expect((db?.cpuThrottledPeriods ?? 0) / (db?.cpuPeriods ?? 1)).toBeGreaterThan(0.2);

    const report = await reportOf({ name: NAME, topology });
    expect(report.bottlenecks?.links.map((l) => l.service)).toEqual(["db", "app"]);
    expect(report.bottlenecks?.conditions.runs).toEqual([
      { id: deploy.runId, href: `/runs/${deploy.runId}` },
    ]);
    expect(report.bottlenecks?.throttledOffPath.map((t) => t.service)).toEqual(["side"]);
    const cpu = report.recommendations.find((r) => r.id === "cpu-db");
    expect(cpu?.predicted?.savedMs).toBeGreaterThan(0);
    expect(report.recommendations.some((r) => r.service === "side")).toBe(false);
    expect(report.risks).toContainEqual(expect.objectContaining({ kind: "no-health-check", service: "app" }));

    const markdown = reportMarkdown(report);
    // The measured figures in the log (provisional: the machine is shared).
    console.info(
      markdown
        .split("\n")
        .filter((line) => /critical path|throttled/.test(line))
        .join("\n"),
    );
    expect(markdown).toContain("Measured critical path: **db → app**");
    expect(markdown).toMatch(/db was throttled in \d+ % of its CFS periods/);

    const pdf = await printPdf(reportHtmlDocument({ title: NAME, markdown }));
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const file = join(dir, "report.pdf");
    writeFileSync(file, pdf);
    execFileSync("pdftoppm", ["-r", "40", "-png", file, join(dir, "page")]);
    const pages = readdirSync(dir).filter((f) => /^page-\d+\.png$/.test(f));
    expect(pages.length).toBeGreaterThanOrEqual(1);
    for (const page of pages) expect(statSync(join(dir, page)).size).toBeGreaterThan(1000);
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
    expect(text).toContain("Measured critical path: db → app");
    expect(text).toContain("Raise db's CPU limit");

    // The recommendation applied to the next deploy (the deploy request's `limits`, what its CLI
    // command sends): Docker runs db with the new limit, the file unchanged.
    expect(cpu?.apply.limits.db?.cpus).toBeGreaterThan(0.2);
    expect(markdown).toContain(`--limit db.cpus=${cpu?.apply.limits.db?.cpus}`);
    expect((await startTeardown({ project }).done).status).toBe("torn_down");
    const next = await startApprovedDeploy({
      topology: applyLimitOverrides({ topology, limits: cpu?.apply.limits }),
      strategy: "dag",
      fitScale: { cpu: 1, memory: 1 },
      awaitDockerHealth: false,
      settings: { topology: NAME },
    }).done;
    expect(next.status).toBe("healthy");
    const [nextDb] = await getDocker().listContainers({
      filters: { label: [`com.docker.compose.project=${project}`, "com.docker.compose.service=db"] },
    });
    const nanoCpus = (
      await getDocker()
        .getContainer(nextDb?.Id ?? "")
        .inspect()
    ).HostConfig.NanoCpus;
    expect(nanoCpus).toBe(Math.round((cpu?.apply.limits.db?.cpus ?? 0) * 1e9));
  }, 180_000);
});
