import { describe, expect, it } from "vitest";
import { batchMismatches, conditionDifferences, overridesText, type ConditionColumns } from "./conditions";

const run = (extra: Partial<ConditionColumns & { id: string }> = {}): ConditionColumns & { id: string } => ({
  id: "r",
  topologyHash: "h1",
  hostCpus: 2,
  hostMemoryBytes: 8 * 2 ** 30,
  engineVersion: "26.1.5",
  fitMode: "clamp",
  fitCpuScale: null,
  fitMemoryScale: null,
  fitChanges: [{ service: "n1", field: "cpusLimit", written: 3, applied: 2, why: "x" }],
  dataState: "cold",
  dataItems: [{ kind: "folder", name: "data/pg", services: ["pg"], state: "cold", detail: "empty" }],
  imageIds: { "pg:16": "sha256:aaaaaaaaaaaa1", "lb:1": "sha256:bbbbbbbbbbbb" },
  ...extra,
});

describe("conditionDifferences", () => {
  it("finds nothing between runs made under the same conditions", () => {
    expect(conditionDifferences({ baseline: run(), run: run() })).toEqual([]);
  });

  it("names a run on another environment by the name its deploy stored", () => {
    const remote = run({ environmentId: "c1", settings: { environment: "gpu-box" } });
    expect(conditionDifferences({ baseline: run(), run: remote })).toEqual([
      { key: "environment", label: "environment (Docker engine)", baseline: "local", value: "gpu-box" },
    ]);
  });

  it("names each differing condition with the baseline's value and the run's", () => {
    const warm = run({
      dataState: "warm",
      fitMode: "proportional",
      fitCpuScale: 0.157,
      fitMemoryScale: 0.5,
      imageIds: { "pg:16": "sha256:cccccccccccc1", other: "sha256:d" },
      fitChanges: [],
    });
    const differences = conditionDifferences({ baseline: run(), run: warm });
    expect(differences.map((d) => d.key)).toEqual([
      "fitMode",
      "fitScale",
      "dataState",
      "fitChanges",
      "images",
    ]);
    expect(differences.find((d) => d.key === "dataState")).toMatchObject({ baseline: "cold", value: "warm" });
    expect(differences.find((d) => d.key === "images")).toMatchObject({
      baseline: "pg:16 aaaaaaaaaaaa",
      value: "pg:16 cccccccccccc",
    });
  });

  it("compares fitted limits only between runs of the same file, and flags unrecorded conditions", () => {
    const other = run({ topologyHash: "h2", fitChanges: [], hostCpus: null });
    const keys = conditionDifferences({ baseline: run(), run: other }).map((d) => d.key);
    expect(keys).toEqual(["host"]);
  });
});

describe("batchMismatches", () => {
  it("flags the repetition that differed from the first", () => {
    const runs = [run({ id: "a" }), run({ id: "b" }), run({ id: "c", dataState: "mixed" })];
    expect(batchMismatches(runs).map((m) => [m.runId, m.differences.map((d) => d.key)])).toEqual([
      ["c", ["dataState"]],
    ]);
  });
});

describe("the deploy's own choices", () => {
  it("says none without any, and names each choice", () => {
    expect(overridesText({ tuning: {}, probe: null })).toBe("none");
    expect(
      overridesText({
        tuning: { PIPELINE_DEPTH: "8" },
        limits: { app: { cpus: 0.5, memoryBytes: null } },
        probe: "auto",
      }),
    ).toBe('tuning PIPELINE_DEPTH="8"; limits app.cpus=0.5, app.memoryBytes=null; probe auto');
  });

  it("is a differing condition between runs that both stored their settings", () => {
    const limited = run({ settings: { limits: { app: { cpus: 0.5 } } } });
    expect(conditionDifferences({ baseline: run({ settings: {} }), run: limited })).toEqual([
      {
        key: "overrides",
        label: "the deploy's own choices (tuning, health checks, limits, probe)",
        baseline: "none",
        value: "limits app.cpus=0.5",
      },
    ]);
    expect(conditionDifferences({ baseline: run(), run: limited })).toEqual([]);
  });
});
