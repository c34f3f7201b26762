import { describe, expect, it } from "vitest";
import { createContainerTracker, type ContainerSignalInput } from "./container-tracker";
import type { AlertRule, RuleSetting } from "./rules";

const base = { project: "fx", service: "web", name: "fx-web-1", exitCode: null, healthIntervalMs: null };
const ev = (
  action: ContainerSignalInput["action"],
  time: number,
  extra: Partial<ContainerSignalInput> = {},
) => ({
  ...base,
  action,
  time,
  ...extra,
});

const tracker = ({
  quiet = () => false,
  settings = {},
}: { quiet?: (p: string) => boolean; settings?: Partial<Record<AlertRule, RuleSetting>> } = {}) =>
  createContainerTracker({ environment: null, quiet, settingOf: (_p, rule) => settings[rule] });

describe("container rules", () => {
  it("raises died once on a non-zero exit and resolves when the container is healthy again", () => {
    const t = tracker();
    const opened = t.observe(ev("die", 1, { exitCode: 137 }));
    expect(opened).toEqual([
      expect.objectContaining({ kind: "open", rule: "container_died", key: "container_died|local|fx|web" }),
    ]);
    expect(opened[0]).toMatchObject({ detail: expect.stringContaining("killed") });
    expect(t.observe(ev("die", 2, { exitCode: 1 }))).toEqual([]); // deduplicated while open
    expect(t.observe(ev("start", 3, { healthIntervalMs: 1000 }))).toEqual([]); // has a check: waits for healthy
    expect(t.observe(ev("health_status: healthy", 4))).toEqual([
      expect.objectContaining({ kind: "resolve", key: "container_died|local|fx|web" }),
    ]);
  });

  it("resolves at start for a container without a health check; ignores exit 0", () => {
    const t = tracker();
    expect(t.observe(ev("die", 1, { exitCode: 0 }))).toEqual([]);
    t.observe(ev("die", 2, { exitCode: 2 }));
    expect(t.observe(ev("start", 3))).toEqual([expect.objectContaining({ kind: "resolve" })]);
  });

  it("says nothing while the panel tears the project down", () => {
    const t = tracker({ quiet: () => true });
    expect(t.observe(ev("die", 1, { exitCode: 137 }))).toEqual([]);
  });

  it("raises a restart loop once at the third restart in 5 minutes, and resolves it after 5 quiet minutes", () => {
    const t = tracker();
    const all = [];
    for (let i = 0; i < 6; i++) {
      all.push(...t.observe(ev("die", i * 10_000, { exitCode: 1 })));
      all.push(...t.observe(ev("start", i * 10_000 + 1000)));
    }
    const loops = all.filter((s) => s.kind === "open" && s.rule === "restart_loop");
    expect(loops).toHaveLength(1);
    // The deaths after the loop opened are the loop's, not new "died" alerts.
    const died = all.filter((s) => s.kind === "open" && s.rule === "container_died");
    expect(died.length).toBeLessThanOrEqual(3);
    expect(t.tick(51_000 + 60_000)).toEqual([]);
    expect(t.tick(51_000 + 5 * 60_000)).toEqual([
      expect.objectContaining({ kind: "resolve", key: "restart_loop|local|fx|web" }),
    ]);
  });

  it("raises unhealthy only after N health intervals, with the project's threshold", () => {
    const t = tracker({ settings: { unhealthy: { enabled: true, threshold: 2 } } });
    t.observe(ev("health_status: unhealthy", 10_000, { healthIntervalMs: 1000 }));
    expect(t.tick(11_500)).toEqual([]);
    expect(t.tick(12_000)).toEqual([expect.objectContaining({ kind: "open", rule: "unhealthy" })]);
    expect(t.tick(13_000)).toEqual([]);
    expect(t.observe(ev("health_status: healthy", 14_000))).toEqual([
      expect.objectContaining({ kind: "resolve", key: "unhealthy|local|fx|web" }),
    ]);
  });

  it("stays silent for a rule a project turned off", () => {
    const t = tracker({ settings: { container_died: { enabled: false, threshold: null } } });
    expect(t.observe(ev("die", 1, { exitCode: 137 }))).toEqual([]);
  });

  it("resolves the project's open alerts when the panel tears it down, and those a previous process left", () => {
    const t = tracker();
    t.seedOpen(["unhealthy|local|fx|db"]);
    t.observe(ev("die", 1, { exitCode: 137 }));
    expect(
      t
        .resolveProject("fx", "torn down")
        .map((s) => s.key)
        .sort(),
    ).toEqual(["container_died|local|fx|web", "unhealthy|local|fx|db"]);
  });
});
