// How fast this engine starts a container: create → start → exit of a trivial container, a few
// times. An experiment records it so its figures carry the host's speed with them (the same
// comparison read 0.35 on one 2-core host and 0.54–0.62 on another that started containers slower).
import { randomUUID } from "node:crypto";
import { getDocker } from "./client";
import type { EngineGate } from "./engine-gate";
import { LABEL } from "./labels";
import { median } from "@/lib/median";

/** The kit's trivial image (images/ builds it; the int tests use it too). */
export const CALIBRATION_IMAGE = "ollamamax-test/busybox:latest";

export type CalibrationSample = { createMs: number; startMs: number; exitMs: number; totalMs: number };

export type HostCalibration = {
  image: string;
  samples: CalibrationSample[];
  /** Median of create → exit over the samples. */
  medianTotalMs: number;
  engineVersion: string | null;
  hostCpus: number | null;
  hostMemoryBytes: number | null;
  at: string;
};

/** Creates (through the gate), starts and waits out `times` containers of `image` running `true`, timing each step; removes them. */
export const calibrateEngine = async ({
  gate,
  image = CALIBRATION_IMAGE,
  times = 3,
}: {
  /** The gate of the panel's own requests (panelOwnPolicy): the container reaches nothing on the host. */
  gate: EngineGate;
  image?: string;
  times?: number;
}): Promise<HostCalibration> => {
  const docker = getDocker();
  const samples: CalibrationSample[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    const container = await gate.createContainer({
      Image: image,
      Cmd: ["true"],
      name: `ollamamax-calibration-${randomUUID().slice(0, 8)}`,
      Labels: { [LABEL.managed]: "calibration" },
      HostConfig: { NetworkMode: "none" },
    });
    try {
      const t1 = performance.now();
      await container.start();
      const t2 = performance.now();
      await container.wait();
      const t3 = performance.now();
      samples.push({ createMs: t1 - t0, startMs: t2 - t1, exitMs: t3 - t2, totalMs: t3 - t0 });
    } finally {
      await container.remove({ force: true }).catch(() => undefined);
    }
  }
  const info = (await docker.info().catch(() => null)) as {
    ServerVersion?: string;
    NCPU?: number;
    MemTotal?: number;
  } | null;
  return {
    image,
    samples,
    medianTotalMs: median(samples.map((s) => s.totalMs)) ?? 0,
    engineVersion: info?.ServerVersion ?? null,
    hostCpus: info?.NCPU ?? null,
    hostMemoryBytes: info?.MemTotal ?? null,
    at: new Date().toISOString(),
  };
};
