import { describe, expect, it } from "vitest";
import { containerSpec } from "@/lib/docker/container-spec";
import { parseTopology } from "./index";

const parse = (service: string) =>
  parseTopology({
    text: `services:\n  s:\n    image: x\n${service}`,
    file: "/srv/p/compose.yml",
    env: {},
    publishHost: "127.0.0.1",
  });

describe("stop_grace_period and stop_signal", () => {
  it("reach the container as StopTimeout (whole seconds, rounded up) and StopSignal", () => {
    const result = parse(`    stop_grace_period: 1m30s\n    stop_signal: SIGINT\n`);
    if (!result.ok) throw new Error(result.errors[0]?.message);
    const [service] = result.topology.services;
    expect(service).toMatchObject({ stopGracePeriodMs: 90_000, stopSignal: "SIGINT" });
    const spec = containerSpec({ service: service!, topology: result.topology, runId: "r" });
    expect(spec.create).toMatchObject({ StopTimeout: 90, StopSignal: "SIGINT" });
    const short = parse(`    stop_grace_period: 1500ms\n`);
    if (!short.ok) throw new Error("did not parse");
    expect(
      containerSpec({ service: short.topology.services[0]!, topology: short.topology, runId: "r" }).create
        .StopTimeout,
    ).toBe(2);
  });

  it("absent: the image's own settings (nothing in the spec); a bad duration names the key", () => {
    const plain = parse("");
    if (!plain.ok) throw new Error("did not parse");
    const spec = containerSpec({
      service: plain.topology.services[0]!,
      topology: plain.topology,
      runId: "r",
    });
    expect(spec.create).not.toHaveProperty("StopTimeout");
    expect(spec.create).not.toHaveProperty("StopSignal");
    const bad = parse(`    stop_grace_period: soon\n`);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]?.message).toContain("stop_grace_period");
  });
});
