// The report's rules on a stored-run fixture: a throttled service on the measured path gets a CPU
// recommendation with a predicted path; one off the path gets none; a missing health check and a
// single point of failure on the path are risks; the guide's claims are never the measured result.
import { describe, expect, it } from "vitest";
import { buildReport } from "./build-report";
import { INPUT, RUN, service } from "./fixtures/stored-run";
import { applyCommand, reportMarkdown } from "./markdown";
import { cpuSpeedup, predictedPathMs } from "./predicted-path";
import { risksOf } from "./risks";

const NOW = "2026-12-07T07:00:00.000Z";
const report = buildReport({ input: INPUT, now: NOW });

describe("bottlenecks", () => {
  it("names the measured path with each link's time, waiting vs starting, and the cgroup's throttling", () => {
    const b = report.bottlenecks;
    expect(b?.links.map((l) => [l.service, l.contributesMs])).toEqual([
      ["postgres", 4_200],
      ["api", 3_000],
      ["lb", 2_000],
    ]);
    const postgres = b?.links[0];
    expect(postgres?.throttledRatio).toBeCloseTo(26 / 42);
    expect(postgres?.waitingMs).toBe(100);
    expect(postgres?.startingMs).toBe(4_200);
    expect(b?.links[2]?.memoryHeadroomRatio).toBeCloseTo(1 - 62 / 64);
    expect(b?.throttledOffPath).toEqual([{ service: "prometheus", throttledRatio: 0.9 }]);
  });
});

describe("recommendations", () => {
  it("a throttled service on the path: raise its CPU limit, with the path predicted shorter by the bound model", () => {
    const cpu = report.recommendations.find((r) => r.id === "cpu-postgres");
    expect(cpu?.trigger).toMatch(/postgres was throttled in 62 % of its CFS periods/);
    expect(cpu?.change).toBe('services.postgres.deploy.resources.limits.cpus: "1"');
    // The same change for the next deploy, and the command that sends it.
    expect(cpu?.apply).toEqual({ limits: { postgres: { cpus: 1 } } });
    expect(cpu && applyCommand({ name: "optimized", rec: cpu })).toBe(
      `npx ollamamax deploy --topology optimized --strategy ${cpu?.conditions.strategy} --limit postgres.cpus=1`,
    );
    // 62 % of 4.2 s runs at half the time: 4.2 × (1 − 0.619 + 0.619 × 0.5) = 2.9 s; path 9.2 → 7.9 s.
    const factor = cpuSpeedup({ throttledRatio: 26 / 42, fromCores: 0.5, toCores: 1 });
    expect(cpu?.predicted?.pathMs).toBeCloseTo(4_200 * factor + 5_000);
    expect(cpu?.predicted?.savedMs).toBeCloseTo(1_300, -1);
    expect(cpu?.conditions.runs).toEqual([{ id: "run-1", href: "/runs/run-1" }]);
  });

  it("a throttled service off the path gets none", () => {
    expect(report.recommendations.some((r) => r.service === "prometheus")).toBe(false);
    const offOnly = buildReport({
      input: {
        ...INPUT,
        run: {
          ...RUN,
          services: RUN.services.map((s) => (s.service === "postgres" ? { ...s, throttling: null } : s)),
        },
      },
      now: NOW,
    });
    expect(offOnly.recommendations.filter((r) => r.id.startsWith("cpu-"))).toEqual([]);
  });

  it("a service on the path short of memory: raise its memory limit, startup effect not modelled", () => {
    const memory = report.recommendations.find((r) => r.id === "memory-lb");
    expect(memory?.predicted).toBeNull();
    expect(memory?.trigger).toMatch(/lb peaked at 62 MiB of its 64 MiB limit/);
  });

  it("predictedPathMs scales only the named links", () => {
    const links = [
      { service: "a", contributesMs: 1000 },
      { service: "b", contributesMs: 500 },
    ];
    expect(predictedPathMs({ links, factors: {} })).toBe(1500);
    expect(predictedPathMs({ links, factors: { a: 0.5 } })).toBe(1000);
  });
});

describe("risks", () => {
  it("a missing health check is a risk", () => {
    expect(report.risks).toContainEqual(
      expect.objectContaining({ kind: "no-health-check", service: "api", onCriticalPath: true }),
    );
  });

  it("a single container others depend on, on the critical path, is a single point of failure", () => {
    const spof = report.risks.filter((r) => r.kind === "single-point-of-failure").map((r) => r.service);
    expect(spof).toEqual(["postgres", "api"]);
    const replicated = risksOf({
      services: INPUT.topology.services.map((s) =>
        s.name === "postgres" ? { ...s, swarm: { replicas: 2, constraints: [], spread: [] } } : s,
      ),
      criticalPath: ["postgres", "api", "lb"],
      host: { cpus: 2, memoryBytes: null },
    });
    expect(replicated.some((r) => r.kind === "single-point-of-failure" && r.service === "postgres")).toBe(
      false,
    );
  });

  it("no restart policy, a port beyond loopback, data without a volume, a limit above the host", () => {
    const risks = risksOf({
      services: [
        service("redis", {
          image: "redis:7",
          resources: {
            cpusLimit: 4,
            memoryLimitBytes: null,
            cpusReservation: null,
            memoryReservationBytes: null,
          },
        }),
        ...INPUT.topology.services,
      ],
      criticalPath: [],
      host: { cpus: 2, memoryBytes: null },
    });
    const kinds = (name: string) => risks.filter((r) => r.service === name).map((r) => r.kind);
    expect(kinds("redis")).toEqual(["data-without-volume", "limit-above-host"]);
    expect(kinds("prometheus")).toEqual(["no-restart-policy", "data-without-volume"]);
    expect(kinds("lb")).toEqual(["port-beyond-loopback"]);
    expect(kinds("postgres")).toEqual([]);
  });
});

describe("expected improvement and rendering", () => {
  it("without an experiment: not measured, the command that measures it, the guide's figures as claims", () => {
    const e = report.expectedImprovement;
    expect(e.measured).toBe(false);
    if (!e.measured)
      expect(e.command).toMatch(
        /^ollamamax experiment run .*--variant original\/sequential --variant shop\/dag/,
      );
    expect(e.claims.every((c) => c.label === "claim")).toBe(true);
    const md = reportMarkdown(report);
    expect(md).toMatch(/Not measured\. Measure it with:/);
    expect(md).toMatch(/- Claim: Performance Comparison table/);
  });

  it("Markdown names the path, the throttling and each figure's conditions with links to the runs", () => {
    const md = reportMarkdown(report);
    expect(md).toMatch(/Measured critical path: \*\*postgres → api → lb\*\*/);
    expect(md).toMatch(/62 % of periods/);
    expect(md).toMatch(/n = 1\. Runs: \[run-1\]\(\/runs\/run-1\)/);
    expect(md).toMatch(/Throttled but off the critical path .*prometheus 90 %/);
  });
});

describe("HTML", () => {
  it("renders the Markdown's tables, lists and links, and escapes what a topology names", async () => {
    const { markdownToHtml } = await import("./html");
    const html = markdownToHtml(reportMarkdown(report));
    expect(html).toMatch(/<h2>Bottlenecks<\/h2>/);
    expect(html).toMatch(/<a href="\/runs\/run-1">run-1<\/a>/);
    expect(html).toMatch(/<th>link<\/th>/);
    expect(
      markdownToHtml("| a | b |\n| --- | --- |\n| <script>x</script> | [x](javascript:alert) |"),
    ).not.toMatch(/<script>|href="javascript/);
  });
});

describe("links to the report", () => {
  it("from Compare: the last run's topology against the baseline's, or alone when they match", async () => {
    const { compareReportHref } = await import("./report-page-model");
    expect(compareReportHref([{ topology: "original" }, { topology: "optimized" }])).toBe(
      "/topology/report?name=optimized&vs=original",
    );
    expect(compareReportHref([{ topology: "optimized" }, { topology: "optimized" }])).toBe(
      "/topology/report?name=optimized",
    );
    expect(compareReportHref([])).toBeNull();
  });
});
