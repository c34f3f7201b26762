// Scaling that serves traffic, on the real engine: a copy of the optimized cluster's nodes and load
// balancer (own project, no fixed names, the balancer on a random loopback port) goes 3 → 5 → 3
// nodes while a bounded request loop runs through the load balancer. The nodes and the balancer get
// the limits a deploy of the optimized file gets here (its default fit, clamp); every wait is
// derived from the services' health checks and this engine (test/fixtures/engine-calibration.ts).
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fitTopology, loadTopology, readDotEnv } from "@/lib/compose";
import type { Resources, Service, Topology } from "@/lib/compose/types";
import { SHIPPED, TEST_SECRETS } from "@/lib/compose/test-support";
import { startLatencyTest, startScaleDown, workerClones, type LatencyTestReport } from "@/lib/deploy";
import { DRAIN_TIMEOUT_MS, EXEC_TIMEOUT_MS } from "@/lib/deploy/load-balancer/apply";
import { SERVE_TIMEOUT_MS } from "@/lib/deploy/scale";
import { bindLoadBalancer, readUpstream } from "@/lib/deploy/load-balancer/binding";
import { requestServed } from "@/lib/deploy/load-balancer/served-by";
import { parseUpstream } from "@/lib/deploy/load-balancer/upstream-config";
import { containerEndpoint } from "@/lib/docker/endpoints";
import { hostCapacity } from "@/lib/docker/host-facts";
import { findProjectContainers } from "@/lib/docker/project-objects";
import { leftovers, purgeProject, uniqueProject } from "./fixtures/deploy-support";
import { startApprovedDeploy, startApprovedScale } from "./fixtures/approved-deploy";
import {
  calibrateEngine,
  deployBudgetMs,
  describeCalibration,
  teardownBudgetMs,
} from "./fixtures/engine-calibration";
import { fixtureService, fixtureTopology } from "./fixtures/fixture-topology";

const NODE_IMAGE = "ollamamax-local/node:latest";
const NGINX_IMAGE = "ollamamax-local/nginx:latest";
const curlCheck = (url: string) => ({
  test: ["CMD-SHELL", `curl -fs ${url} || exit 1`],
  intervalMs: 2_000,
  timeoutMs: 2_000,
  retries: 3,
  startPeriodMs: 2_000,
  startIntervalMs: null,
});

/** What a deploy of the optimized file on this host gives each service: the default fit, clamp. */
const shipped = await (async () => {
  const imagesEnv = readDotEnv({ file: path.join(process.cwd(), "images/local-images.env") });
  const loaded = await loadTopology({ file: SHIPPED.optimized, env: { ...imagesEnv, ...TEST_SECRETS } });
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join("\n"));
  const fit = fitTopology({ topology: loaded.topology, host: await hostCapacity(), mode: "clamp" });
  return (name: string): Resources => {
    const found = fit.topology.services.find((s) => s.name === name);
    if (!found) throw new Error(`the optimized file has no ${name}`);
    return found.resources;
  };
})();

const node = (n: number): Service =>
  fixtureService({
    name: `ollama-node-${n}`,
    image: NODE_IMAGE,
    command: null,
    phase: n === 1 ? "Leader" : "Workers",
    environment: {
      NODE_ID: `ollama-node-${n}`,
      NODE_ROLE: n === 1 ? "leader" : "worker",
      SIM_STARTUP_DELAY_MS: "300",
    },
    healthcheck: curlCheck("http://localhost:8080/health"),
    resources: shipped(n === 1 ? "ollama-node-1" : "ollama-node-3"),
  });

// Budgets (see engine-calibration.ts): the product fails a deploy or scale past these by its own
// ready timeouts, its reloads' drain and its wait to be served. A window of 700 requests through the
// balancer gets REQUEST_WINDOW_MS (two loops: up to 170 ms a request, the stated margin).
const REQUEST_WINDOW_MS = 60_000;
const LATENCY_DURATION_S = 30;
const calibration = await calibrateEngine();
const clusterMs = deployBudgetMs({
  services: [node(1), node(2), node(3), { healthcheck: curlCheck("http://localhost/health") }],
  calibration,
});
const twoNodesMs = deployBudgetMs({ services: [node(4), node(5)], calibration });
const scaleMs =
  twoNodesMs +
  SERVE_TIMEOUT_MS +
  2 * DRAIN_TIMEOUT_MS +
  teardownBudgetMs({ count: 2, calibration }) +
  3 * REQUEST_WINDOW_MS;
console.info(
  `${describeCalibration(calibration)}: cluster budget ${(clusterMs / 1000).toFixed(0)} s, 3 → 5 → 3 ${(scaleMs / 1000).toFixed(0)} s`,
);

type Sample = { startedAt: number; ok: boolean; node: string | null; error: string | null };

/** Two loops of GETs through the load balancer, each on a fresh connection, until stopped (bounded). */
const requestLoop = (url: string) => {
  const samples: Sample[] = [];
  let stopped = false;
  const loop = async () => {
    while (!stopped && samples.length < 60_000) {
      const startedAt = Date.now();
      const answer = await requestServed({ url: `${url}/api/tags`, timeoutMs: 10_000 });
      samples.push({ startedAt, ok: answer.ok, node: answer.node, error: answer.error });
    }
  };
  const loops = Promise.all([loop(), loop()]);
  return {
    samples,
    /** Resolves once `count` requests started after `since` have answered. */
    until: async (since: number, count: number) => {
      while (samples.filter((s) => s.startedAt > since).length < count)
        await new Promise((resolve) => setTimeout(resolve, 50));
    },
    stop: async () => {
      stopped = true;
      await loops;
    },
  };
};

/** Percentage points of each node's share of the samples. */
const sharesOf = (samples: Sample[]): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const s of samples) if (s.node) counts[s.node] = (counts[s.node] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).map(([n, c]) => [n, (100 * c) / samples.length]));
};

describe("scaling behind the load balancer", () => {
  const project = uniqueProject();
  const dir = mkdtempSync(path.join(tmpdir(), "ollamamax-lb-"));
  const dataRoot = path.join(dir, "data");
  let topology: Topology;
  let url: string;

  beforeAll(async () => {
    mkdirSync(path.join(dir, "nginx"));
    copyFileSync("topologies/optimized/nginx/nginx-optimized.conf", path.join(dir, "nginx", "nginx.conf"));
    const balancer = fixtureService({
      name: "load-balancer",
      image: NGINX_IMAGE,
      command: null,
      phase: "Load Balancer",
      ports: [{ hostIp: "127.0.0.1", hostPort: null, containerPort: 80, protocol: "tcp" }],
      volumes: [
        {
          type: "bind",
          source: path.join(dir, "nginx", "nginx.conf"),
          target: "/etc/nginx/nginx.conf",
          readOnly: true,
        },
      ],
      dependsOn: [1, 2, 3].map((n) => ({
        service: `ollama-node-${n}`,
        condition: "service_healthy" as const,
        required: true,
        restart: false,
      })),
      healthcheck: curlCheck("http://localhost/health"),
      // The optimized file's 0.25 CPU / 256 MiB: clamp keeps them on any host with a core.
      resources: shipped("load-balancer"),
    });
    const bound = await bindLoadBalancer({
      topology: fixtureTopology({ project, dir, services: [node(1), node(2), node(3), balancer] }),
      dataRoot,
    });
    topology = bound.topology;
    expect(bound.binding).toMatchObject({ service: "load-balancer", weights: { leader: 3, worker: 2 } });
    const deployed = await startApprovedDeploy({ topology, strategy: "dag" }).done;
    if (deployed.error) console.error(deployed.error);
    expect(deployed.status).toBe("healthy");
    const lb = (await findProjectContainers({ project, service: "load-balancer" }))[0];
    url = (await containerEndpoint({ id: lb?.id ?? "", port: 80 })) ?? "";
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  }, clusterMs);

  afterAll(
    async () => {
      await purgeProject(project);
      rmSync(dir, { recursive: true, force: true });
    },
    teardownBudgetMs({ count: 4, calibration }),
  );

  it(
    "goes 3 → 5 → 3 with no failed request, weighted shares, and nothing for the removed nodes",
    async () => {
      const loop = requestLoop(url);
      try {
        await loop.until(0, 100);
        const existing = (await findProjectContainers({ project })).map((c) => c.service);
        const up = startApprovedScale({
          topology,
          clones: workerClones({ topology, existing, count: 2 }),
          dataRoot,
        });
        expect(up.services).toEqual(["ollama-node-4", "ollama-node-5"]);
        const added = await up.done;
        if (added.error) console.error(added.error);
        expect(added.status).toBe("healthy");
        const upEnded = Date.now();
        const served = added.settings.servedThroughLoadBalancerMs as Record<string, number>;
        expect(Object.keys(served).sort()).toEqual(["ollama-node-4", "ollama-node-5"]);
        // The upstream on disk (and behind the load balancer) lists the five nodes with their weights.
        expect(
          parseUpstream(
            readUpstream({ dir: path.join(dataRoot, "load-balancer", project) }) ?? "",
          )?.servers.map((s) => s.weight),
        ).toEqual([3, 2, 2, 2, 2]);

        await loop.until(upEnded, 700);
        const fiveWindow = loop.samples.filter((s) => s.startedAt > upEnded);
        const five = sharesOf(fiveWindow);
        expect(Object.keys(five).sort()).toEqual([1, 2, 3, 4, 5].map((n) => `ollama-node-${n}`));
        for (const [name, share] of Object.entries(five))
          expect(Math.abs(share - (name === "ollama-node-1" ? 300 / 11 : 200 / 11))).toBeLessThanOrEqual(5);

        const down = startScaleDown({ project, services: ["ollama-node-5", "ollama-node-4"], dataRoot });
        const removed = await down.done;
        if (removed.error) console.error(removed.error);
        expect(removed.status).toBe("healthy");
        const downEnded = Date.now();
        expect(removed.services.map((s) => s.state)).toEqual(["removed", "removed"]);
        const running = (await findProjectContainers({ project })).map((c) => c.service).sort();
        expect(running).toEqual(["load-balancer", "ollama-node-1", "ollama-node-2", "ollama-node-3"]);

        await loop.until(downEnded, 700);
        await loop.stop();
        const threeWindow = loop.samples.filter((s) => s.startedAt > downEnded);
        const three = sharesOf(threeWindow);
        expect(Object.keys(three).sort()).toEqual([1, 2, 3].map((n) => `ollama-node-${n}`));
        for (const [name, share] of Object.entries(three))
          expect(Math.abs(share - (name === "ollama-node-1" ? 300 / 7 : 200 / 7))).toBeLessThanOrEqual(5);

        const failed = loop.samples.filter((s) => !s.ok);
        expect(failed.slice(0, 5)).toEqual([]);
        console.info(
          `3 → 5 → 3 under load: ${loop.samples.length} requests, 0 failed; node addition (2 nodes, served ` +
            `through the load balancer) ${(added.totalMs / 1000).toFixed(2)} s; node removal (2 nodes, drained ` +
            `and gone) ${(removed.totalMs / 1000).toFixed(2)} s; shares at 5 ${JSON.stringify(five)}; at 3 ${JSON.stringify(three)}`,
        );
      } finally {
        await loop.stop();
      }
      expect(await leftovers(project)).toMatchObject({ containers: 4 });
    },
    scaleMs,
  );

  it(
    "keeps the previous upstream when nginx -t refuses the new one",
    async () => {
      const { applyUpstream } = await import("@/lib/deploy/load-balancer/apply");
      const { readBinding } = await import("@/lib/deploy/load-balancer/binding");
      const binding = readBinding({ project, dataRoot });
      expect(binding).not.toBeNull();
      const lb = (await findProjectContainers({ project, service: "load-balancer" }))[0];
      const before = readFileSync(path.join(binding!.dir, "upstream", "upstream.conf"), "utf8");
      await expect(
        applyUpstream({ binding: binding!, id: lb!.id, nodes: [{ service: "no-such-node-9", weight: 2 }] }),
      ).rejects.toThrow(/nginx -t refused/);
      expect(readFileSync(path.join(binding!.dir, "upstream", "upstream.conf"), "utf8")).toBe(before);
      expect((await requestServed({ url: `${url}/api/tags` })).ok).toBe(true);
    },
    2 * EXEC_TIMEOUT_MS + REQUEST_WINDOW_MS,
  );

  it(
    "runs a bounded latency test through the load balancer and to each node, with shares against the weights",
    async () => {
      const test = await startLatencyTest({
        project,
        requests: 700,
        concurrency: 4,
        durationS: LATENCY_DURATION_S,
        dataRoot,
      }).done;
      if (test.error) console.error(test.error);
      expect(test).toMatchObject({ kind: "latency", status: "healthy" });
      const report = test.settings.latencyTest as LatencyTestReport;
      expect(report.targets.map((t) => `${t.via}:${t.target}`)).toEqual([
        "load-balancer:load-balancer",
        "direct:ollama-node-1",
        "direct:ollama-node-2",
        "direct:ollama-node-3",
      ]);
      for (const target of report.targets) {
        expect(target).toMatchObject({ requests: 700, errors: 0 });
        expect(target.p50Ms).toBeLessThanOrEqual(target.p95Ms ?? 0);
        expect(target.p99Ms).toBeLessThanOrEqual(target.maxMs ?? 0);
        // Direct targets are the nodes' container addresses, never anything else.
        expect(target.url).toMatch(/^http:\/\/(127\.0\.0\.1|\d+\.\d+\.\d+\.\d+):\d+$/);
      }
      const front = report.targets[0]!;
      for (const share of front.shares)
        expect(Math.abs(share.sharePct - (share.weightSharePct ?? 0))).toBeLessThanOrEqual(5);
      console.info(
        `latency test (700 requests, 4 at a time): ${report.targets
          .map(
            (t) =>
              `${t.via === "direct" ? t.target : "through LB"} p50 ${t.p50Ms} p95 ${t.p95Ms} p99 ${t.p99Ms} max ${t.maxMs} ms`,
          )
          .join("; ")}`,
      );
    },
    // Four targets, each bounded by the test's own duration.
    4 * LATENCY_DURATION_S * 1000 + REQUEST_WINDOW_MS,
  );
});
