// A health check without a test (`healthcheck: {interval: 10s}`) runs the image's own command: the
// probe cannot exec an empty command, it reads Docker's health state (running when there is none).
import type Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { parseTopology } from "@/lib/compose/parse-topology";
import { serviceProbe } from "./probe";

const serviceWithCheck = (check: string) => {
  const result = parseTopology({
    text: `services:\n  s:\n    image: x\n    healthcheck:\n      ${check}\n`,
    file: "/srv/probe/compose.yaml",
    env: {},
  });
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join("\n"));
  const service = result.topology.services[0];
  if (!service?.healthcheck) throw new Error("no health check");
  return { ...service, healthcheck: service.healthcheck };
};

const info = (state: Partial<Docker.ContainerInspectInfo["State"]>) =>
  ({
    State: { Running: true, ...state },
    NetworkSettings: { Networks: {} },
  }) as unknown as Docker.ContainerInspectInfo;

describe("the readiness probe of a health check without a test", () => {
  for (const mode of ["exec", "auto", "docker"] as const)
    it(`${mode} mode: Docker's health state of the image's check, never an empty exec`, async () => {
      const probe = serviceProbe({ service: serviceWithCheck("interval: 10s"), containerId: "none", mode });
      expect(probe.kind).toBe("docker");
      const at = { nowMs: 0, timeoutMs: 1_000 };
      expect((await probe.probe({ ...at, info: info({ Health: { Status: "starting" } as never }) })).ok).toBe(
        false,
      );
      expect((await probe.probe({ ...at, info: info({ Health: { Status: "healthy" } as never }) })).ok).toBe(
        true,
      );
      // The image has no HEALTHCHECK either: running is ready, as for a service without a check.
      expect((await probe.probe({ ...at, info: info({}) })).ok).toBe(true);
    });
});
