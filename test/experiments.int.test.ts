// Experiments end to end on the real engine, through /api/v1 as scripts call it: bad input is
// refused naming the field with nothing created, a viewer only reads, and a 2-variant ×
// 3-repetition experiment on a small busybox topology runs interleaved (each repetition an
// ordinary stored run, torn down before the next), records the host calibration and answers verdicts.
import { describe, expect, it } from "vitest";
import { apiClient, as, dataOf, expectRefused, setUpApiPanel } from "./fixtures/api-v1-panel";
import { leftovers, purgeProject } from "./fixtures/deploy-support";
import { topologyFolder } from "./fixtures/scratch-panel";
import { busyboxServiceYaml, TEST_IMAGE } from "./fixtures/fixture-topology";
import { createServer, type AddressInfo } from "node:net";
import { afterAll } from "vitest";

// With the run summaries server.ts records: latency through the load balancer, CPU and memory.
setUpApiPanel({ summaries: true });

const topology = `exp-${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
/** A free loopback port for the load balancer's published port 80 (the deploy measures latency through it). */
const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
const lbPort = await freePort();
// A "load balancer" (by its role label) answering /api/tags on port 80: each repetition's deploy
// measures latency through it after ready, and its own startup phase ("Load Balancer") is judged.
const loadBalancerYaml = `
  lb:
    image: ${TEST_IMAGE}
    labels:
      org.ollamamax.role: load-balancer
    command: ["sh", "-c", "mkdir -p /tmp/www/api && echo ok > /tmp/www/health && echo '{}' > /tmp/www/api/tags && exec httpd -f -p 80 -h /tmp/www"]
    ports:
      - "127.0.0.1:${lbPort}:80"
    healthcheck:
      test: ["CMD-SHELL", "wget -q -O- http://localhost:80/health"]
      interval: 1s
      timeout: 1s
      retries: 5
`;
topologyFolder({
  name: topology,
  files: {
    "docker-compose.yml": `name: ${topology}
services:${busyboxServiceYaml({ name: "first" })}${busyboxServiceYaml({ name: "second", dependsOn: "first" })}${busyboxServiceYaml({ name: "third" })}${loadBalancerYaml}`,
  },
});
afterAll(() => purgeProject(topology));

type Report = {
  status: string;
  reason: string | null;
  seed: number;
  progress: { completed: number; total: number; percent: number; etaMs: number | null };
  repetitions: {
    slot: number;
    variant: number;
    repetition: number;
    runId: string | null;
    status: string;
    latency: { p50Ms: number; p95Ms: number | null } | null;
  }[];
  metrics: { key: string; label: string; unit: string }[];
  calibration: { samples: unknown[]; medianTotalMs: number } | null;
  conditions: string;
  differences: string[];
  samples: Record<string, { variant: number; value: number }[]>;
  verdicts: {
    metric: string;
    variant: number;
    n: number;
    median: number | null;
    ratio: number | null;
    ci: [number, number] | null;
    pValue: number | null;
    cliffsDelta: number | null;
    sentence: string;
  }[];
};

const variants = [
  { topology, strategy: "sequential" },
  { topology, strategy: "dag" },
];
const post = (body: unknown) => ({ method: "POST" as const, path: "/api/v1/experiments", body });

describe("experiments on the real engine", () => {
  it("refuses bad input naming the field, and creates nothing", async () => {
    const table: [unknown, string][] = [
      [{ name: "x", variants, repetitions: 1 }, "repetitions"],
      [{ name: "x", variants, repetitions: 51 }, "repetitions"],
      [{ name: "x", variants: [variants[0], { ...variants[1], colour: "red" }] }, "variants.1.colour"],
      [{ name: "x", variants: [variants[0], { ...variants[0], fit: "clamp" }] }, "variants.1"],
      [{ name: "x", variants, baseline: 2 }, "baseline"],
      [
        { name: "x", variants: [variants[0], { topology: "no-such-topology", strategy: "dag" }] },
        "variants.1.topology",
      ],
      [{ name: "x", variants, data: "lukewarm" }, "data"],
      [{ name: "x", variants, order: "alphabetical" }, "order"],
      [
        { name: "x", variants: [variants[0], { ...variants[1], environment: "no-such-env" }] },
        "variants.1.environment",
      ],
    ];
    for (const [body, field] of table) await expectRefused("operator", post(body), field);
    // Variants on two environments (here the panel's own socket under another name: another
    // environment all the same) are refused naming the variant's field: timings of different hosts
    // are not compared.
    const socket = `unix://${process.env.DOCKER_HOST?.replace(/^unix:\/\//, "") || "/var/run/docker.sock"}`;
    const added = await as("admin", {
      method: "POST",
      path: "/api/v1/environments",
      body: { name: `exp-other-${process.pid}`, url: socket },
    });
    expect(added.status).toBe(201);
    const other = dataOf<{ environment: { id: string; name: string } }>(added).environment;
    try {
      const crossHost = post({
        name: "x",
        variants: [variants[0], { ...variants[1], environment: other.name }],
      });
      await expectRefused("operator", crossHost, "variants.1.environment");
      const answer = await as("operator", crossHost);
      expect((answer.body as { error: { message: string } }).error.message).toContain(
        `variant 1 would run on environment "${other.name}" but variant 0 on the panel's own engine: timings from different hosts cannot be compared`,
      );
      // A variant's own environment overrides the experiment's: the panel's own engine against the other one.
      await expectRefused(
        "operator",
        post({
          name: "x",
          environment: other.name,
          variants: [variants[0], { ...variants[1], environment: "local" }],
        }),
        "variants.1.environment",
      );
    } finally {
      await as("admin", { method: "DELETE", path: `/api/v1/environments/${other.id}` });
    }
    const list = await as("viewer", { method: "GET", path: "/api/v1/experiments" });
    expect(list.status).toBe(200);
    expect(dataOf<unknown[]>(list)).toEqual([]);
  });

  it("lets a viewer read but not start one", async () => {
    const refused = await as("viewer", post({ name: "viewer's", variants, repetitions: 2 }));
    expect(refused.status).toBe(403);
    expect(dataOf<unknown[]>(await as("viewer", { method: "GET", path: "/api/v1/experiments" }))).toEqual([]);
  });

  it("runs 2 variants × 3 repetitions interleaved, each an ordinary run, and answers a verdict", async () => {
    const started = await as(
      "operator",
      post({ name: "sequential vs dag", variants, repetitions: 3, seed: 12345 }),
    );
    expect(started.status).toBe(202);
    const { id } = dataOf<{ id: string }>(started);
    // A second one on the same engine waits its turn: refused while this one runs.
    const second = await as("operator", post({ name: "again", variants, repetitions: 2 }));
    expect(second.status).toBe(409);

    let report: Report | null = null;
    const deadline = Date.now() + 240_000;
    const seenProgress = new Set<number>();
    while (Date.now() < deadline) {
      const answer = await as("viewer", { method: "GET", path: `/api/v1/experiments/${id}` });
      expect(answer.status).toBe(200);
      report = dataOf<Report>(answer);
      seenProgress.add(report.progress.completed);
      if (!["queued", "running"].includes(report.status)) break;
      await new Promise((r) => setTimeout(r, 1_000));
    }
    expect(report?.status, report?.reason ?? "").toBe("done");
    const done = report as Report;
    expect(done.progress).toMatchObject({ completed: 6, total: 6, percent: 100 });
    expect(seenProgress.size).toBeGreaterThan(1);
    // Interleaved: never all of A then all of B.
    expect(done.repetitions.map((r) => `${r.variant}:${r.repetition}`).join(" ")).toBe(
      "0:1 1:1 0:2 1:2 0:3 1:3",
    );
    expect(done.repetitions.every((r) => r.status === "done" && r.runId)).toBe(true);
    // Each repetition is an ordinary stored run of its variant's strategy.
    for (const r of done.repetitions) {
      const run = await as("viewer", { method: "GET", path: `/api/v1/runs/${r.runId}` });
      expect(run.status).toBe(200);
      expect(dataOf<{ strategy: string; status: string }>(run)).toMatchObject({
        strategy: variants[r.variant]?.strategy,
        status: "healthy",
      });
    }
    expect(done.calibration?.samples.length).toBe(3);
    expect(done.calibration?.medianTotalMs).toBeGreaterThan(0);
    expect(done.differences).toEqual([]);
    expect(done.conditions).toBe("cold data, fit clamp, same host, engine and images");
    const ready = done.verdicts.find((v) => v.metric === "readyMs");
    expect(ready).toMatchObject({ variant: 1, n: 3 });
    expect(ready?.ci?.[0]).toBeLessThanOrEqual(ready?.ci?.[1] ?? 0);
    // At n = 3 each a two-sided Mann–Whitney p is at least 0.1: never a claim, whatever the host did —
    // either no difference shown (the CI holds 1) or a ratio the test cannot yet claim.
    expect(ready?.pValue).toBeGreaterThan(0.0999);
    expect(ready?.sentence).toMatch(
      /: no difference shown \(95 % CI|: \d+\.\d+× \(95 % CI [\d.]+–[\d.]+×\) but not significant after Holm/,
    );
    expect(ready?.sentence).toContain("n = 3 each; cold data, fit clamp, same host, engine and images)");
    expect(done.samples.readyMs?.length).toBe(6);
    // Each phase's time is judged beside the total: the load balancer's phase and the other services'.
    expect(done.metrics.map((m) => m.key)).toEqual(
      expect.arrayContaining(["readyMs", "phase:Load Balancer", "phase:Other services"]),
    );
    for (const key of ["phase:Load Balancer", "phase:Other services"]) {
      expect(done.samples[key]?.length, key).toBe(6);
      const phase = done.verdicts.find((v) => v.metric === key);
      expect(phase, key).toMatchObject({ variant: 1, n: 3 });
      expect(phase?.sentence, key).toContain(`, phase ${key.slice("phase:".length)}: `);
    }
    // Latency through the load balancer, measured by each repetition's deploy after ready, with its verdict.
    expect(done.repetitions.every((r) => r.latency !== null && r.latency.p50Ms > 0)).toBe(true);
    expect(done.samples.latencyP50Ms?.length).toBe(6);
    const latency = done.verdicts.find((v) => v.metric === "latencyP50Ms");
    expect(latency).toMatchObject({ variant: 1, n: 3 });
    expect(latency?.sentence).toContain("latency p50");
    // Holm runs over every row judged together: the totals, each phase, CPU, memory and latency.
    expect(done.verdicts.filter((v) => v.pValue !== null).length).toBeGreaterThanOrEqual(4);
    // The page is reproducible: the same seed and samples give the same verdicts.
    const again = dataOf<Report>(await as("viewer", { method: "GET", path: `/api/v1/experiments/${id}` }));
    expect(again.verdicts).toEqual(done.verdicts);
    // Nothing of the topology is left running: torn down after each repetition.
    const list = dataOf<{ id: string; status: string; variants: string[] }[]>(
      await as("viewer", { method: "GET", path: "/api/v1/experiments" }),
    );
    expect(list.find((e) => e.id === id)).toMatchObject({
      status: "done",
      variants: [`${topology}/sequential`, `${topology}/dag`],
    });
    // The exports: every sample and the seed (JSON), a row per sample (CSV), the sentences (Markdown).
    const exported = (format: string) =>
      as("viewer", { method: "GET", path: `/api/v1/experiments/${id}/export?format=${format}` });
    const asJson = await exported("json");
    expect(asJson.status).toBe(200);
    expect(asJson.body).toMatchObject({ seed: 12345 });
    const csv = await exported("csv");
    expect(csv.status).toBe(200);
    expect(csv.text.trim().split("\n").length).toBeGreaterThan(6);
    const markdown = await exported("md");
    expect(markdown.status).toBe(200);
    expect(markdown.text).toContain(ready?.sentence ?? "no sentence");
  }, 300_000);

  it("of two started at once runs one and refuses the other (409, a sentence); cancels the one in flight", async () => {
    // Both requests are in flight together: only a lock taken before the first write refuses one.
    const both = await Promise.all([
      as("operator", post({ name: "to cancel", variants, repetitions: 2 })),
      as("operator", post({ name: "at the same moment", variants, repetitions: 2 })),
    ]);
    expect(both.map((a) => a.status).sort()).toEqual([202, 409]);
    const started = both.find((a) => a.status === 202) as (typeof both)[number];
    const refused = both.find((a) => a.status === 409) as (typeof both)[number];
    const { id } = dataOf<{ id: string }>(started);
    expect((refused.body as { error: { message: string } }).error.message).toMatch(
      new RegExp(
        `^Experiment ${id} \\(".+"\\) is running on this engine since .+: one experiment at a time per engine`,
      ),
    );
    // Nothing of the refused one was stored.
    const listed = dataOf<{ id: string; name: string }[]>(
      await as("viewer", { method: "GET", path: "/api/v1/experiments" }),
    );
    expect(listed.filter((e) => e.name === "to cancel" || e.name === "at the same moment")).toHaveLength(1);
    const read = async () =>
      dataOf<Report>(await as("viewer", { method: "GET", path: `/api/v1/experiments/${id}` }));
    const deadline = Date.now() + 120_000;
    // Cancelled once its first repetition has a run in flight.
    while (Date.now() < deadline && !(await read()).repetitions.some((r) => r.runId !== null))
      await new Promise((r) => setTimeout(r, 250));
    const cancel = await as("operator", { method: "POST", path: `/api/v1/experiments/${id}/cancel` });
    expect(cancel.status).toBe(202);
    let report = await read();
    while (Date.now() < deadline && ["queued", "running"].includes(report.status)) {
      await new Promise((r) => setTimeout(r, 500));
      report = await read();
    }
    expect(report.status).toBe("cancelled");
    expect(report.progress.completed).toBeLessThan(report.progress.total);
    expect(report.repetitions.filter((r) => r.runId !== null).length).toBeLessThanOrEqual(1);
    // Each repetition ends with its teardown, a cancelled one too.
    expect((await leftovers(topology)).containers).toBe(0);
  }, 180_000);

  it("has checked a success answer of every experiments route", () => {
    expect(
      apiClient()
        .uncovered("success")
        .filter((route) => route.includes("/experiments")),
    ).toEqual([]);
  });
});
