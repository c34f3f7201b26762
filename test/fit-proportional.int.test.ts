// Fit mode proportional on the real engine, on a topology whose services can live under it: three
// busybox httpd services each written at the whole host (CPUs and memory), so their sum is three
// hosts. Proportional scales every limit by one factor into 90 % of the host (the topology on a host
// of its own size); the test checks what that mode is for — the limits written, the limits applied
// (the fit's list, the run's factors and each container's HostConfig) and the reason given — and
// that such a topology still comes up. (The shipped optimized topology does not live under it on a
// 2-core host: grafana at a few hundredths of a CPU misses its own health check. Tests of the
// shipped topologies deploy with the default fit, clamp.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fitTopology, type FitResult } from "@/lib/compose";
import type { Service } from "@/lib/compose/types";
import { startTeardown, type RunResult } from "@/lib/deploy";
import { getDocker } from "@/lib/docker/client";
import { hostCapacity } from "@/lib/docker/host-facts";
import { LABEL, projectFilter } from "@/lib/docker/labels";
import { leftovers, purgeProject, uniqueProject } from "./fixtures/deploy-support";
import { startApprovedDeploy } from "./fixtures/approved-deploy";
import { budgetsFor } from "./fixtures/engine-calibration";
import { fixtureService, fixtureTopology } from "./fixtures/fixture-topology";

const MIB = 1024 ** 2;
const project = uniqueProject();
const host = await hostCapacity();
const written: Service[] = ["alpha", "beta", "gamma"].map((name) =>
  fixtureService({
    name,
    resources: {
      cpusLimit: host.cpus,
      memoryLimitBytes: host.memoryBytes,
      cpusReservation: null,
      memoryReservationBytes: name === "alpha" ? 64 * MIB : null,
    },
  }),
);
const { deployMs, teardownMs, summary } = await budgetsFor({ services: written });
console.info(summary);

let fit: FitResult;
let run: RunResult;

beforeAll(async () => {
  fit = fitTopology({
    topology: fixtureTopology({ project, services: written }),
    host,
    mode: "proportional",
  });
  run = await startApprovedDeploy({
    topology: fit.topology,
    strategy: "dag",
    fitScale: fit.scale,
    followLogs: false,
  }).done;
}, deployMs);

afterAll(async () => {
  await purgeProject(project);
}, teardownMs);

describe("fit mode proportional, three services written at the whole host", () => {
  it("scales every limit by one factor into 90 % of the host, and says why", () => {
    // Three hosts' worth into 0.9 of one: ×0.3 for CPU and memory alike.
    expect(fit.scale?.cpu).toBeCloseTo(0.3, 6);
    expect(fit.scale?.memory).toBeCloseTo(0.3, 6);
    const applied = fit.topology.services.map((s) => s.resources);
    for (const r of applied) {
      expect(r.cpusLimit).toBe(Math.floor(host.cpus * 0.3 * 1000) / 1000);
      expect(r.memoryLimitBytes).toBe(Math.floor((host.memoryBytes * 0.3) / MIB) * MIB);
    }
    expect(applied[0]?.memoryReservationBytes).toBe(Math.floor(64 * 0.3) * MIB);
    expect(applied.reduce((sum, r) => sum + (r.cpusLimit ?? 0), 0)).toBeLessThanOrEqual(0.9 * host.cpus);
    // One change per written value, each with what was written, what is applied and the reason.
    expect(fit.changes.map((c) => `${c.service}.${c.field}`).sort()).toEqual(
      [
        "alpha.cpusLimit",
        "alpha.memoryLimitBytes",
        "alpha.memoryReservationBytes",
        "beta.cpusLimit",
        "beta.memoryLimitBytes",
        "gamma.cpusLimit",
        "gamma.memoryLimitBytes",
      ].sort(),
    );
    const cpu = fit.changes.find((c) => c.service === "beta" && c.field === "cpusLimit");
    expect(cpu).toMatchObject({ written: host.cpus, applied: applied[1]?.cpusLimit });
    expect(cpu?.why).toBe(
      `CPU limits add up to ${3 * host.cpus}, more than 90 % of the host's ${host.cpus}: all scaled ×0.300`,
    );
    expect(fit.changes.find((c) => c.field === "memoryLimitBytes")?.why).toMatch(
      /^memory limits add up to [\d.]+ GiB, more than 90 % of the host's [\d.]+ GiB: all scaled ×0\.300$/,
    );
  });

  it("deploys them healthy with those limits applied by Docker, and records the factors", async () => {
    if (run.error) console.error(JSON.stringify(run.error, null, 2));
    expect(run.status).toBe("healthy");
    expect(run.fitScale).toEqual(fit.scale);
    const containers = await getDocker().listContainers({ all: true, filters: projectFilter(project) });
    expect(containers).toHaveLength(3);
    for (const summary of containers) {
      const info = await getDocker().getContainer(summary.Id).inspect();
      const name = info.Config.Labels[LABEL.service] ?? "";
      const resources = fit.topology.services.find((s) => s.name === name)?.resources;
      expect(info.HostConfig.NanoCpus, name).toBe(Math.round((resources?.cpusLimit ?? 0) * 1e9));
      expect(info.HostConfig.Memory, name).toBe(resources?.memoryLimitBytes);
      expect(info.HostConfig.MemoryReservation ?? 0, name).toBe(resources?.memoryReservationBytes ?? 0);
    }
    console.info(
      `proportional on ${host.cpus} CPUs: ready ${run.clocks?.readyMs} ms; ` +
        fit.changes.map((c) => `${c.service}.${c.field} ${c.written} → ${c.applied}`).join(", "),
    );
  });

  it(
    "tears down to nothing",
    async () => {
      expect((await startTeardown({ project, stopTimeoutSeconds: 1, removeVolumes: true }).done).status).toBe(
        "torn_down",
      );
      expect(await leftovers(project)).toEqual({ containers: 0, networks: 0, volumes: 0 });
    },
    teardownMs,
  );
});
