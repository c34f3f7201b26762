import { describe, expect, it } from "vitest";
import { errorsAfterRuns, predictedVsActual, predictionErrors, recordedPredictionOf } from "./errors";

const settings = (predictedMs: number) =>
  JSON.stringify({
    strategy: "dag",
    prediction: {
      predictedMs,
      criticalPath: [{ service: "db", startMs: 0, readyMs: predictedMs }],
      neverMeasured: [],
      basisRuns: 3,
    },
  });

describe("prediction errors", () => {
  it("reads a recorded prediction from stored settings, and none from older runs", () => {
    expect(recordedPredictionOf(settings(5_000))?.predictedMs).toBe(5_000);
    expect(recordedPredictionOf(JSON.stringify({ strategy: "dag" }))).toBeNull();
    expect(recordedPredictionOf("{not json")).toBeNull();
    expect(recordedPredictionOf({ prediction: { predictedMs: "soon" } })).toBeNull();
  });

  it("sets predicted beside actual: first container created → all ready", () => {
    const row = { settings: JSON.parse(settings(4_000)) as unknown, preparationMs: 1_000, readyMs: 6_000 };
    expect(predictedVsActual(row)).toMatchObject({ predictedMs: 4_000, actualMs: 5_000, errorPct: 20 });
    expect(predictedVsActual({ ...row, readyMs: null })).toMatchObject({ actualMs: null, errorPct: null });
  });

  it("keeps the median absolute error per topology over the runs that recorded one", () => {
    const rows = [
      { topology: "a", settings: settings(1_100), preparationMs: 0, readyMs: 1_000 }, // 10 %
      { topology: "a", settings: settings(700), preparationMs: 0, readyMs: 1_000 }, // 30 %
      { topology: "a", settings: settings(1_000), preparationMs: 0, readyMs: 1_000 }, // 0 %
      { topology: "a", settings: null, preparationMs: 0, readyMs: 1_000 },
      { topology: "b", settings: settings(1_000), preparationMs: null, readyMs: 1_000 },
    ];
    expect(predictionErrors(rows)).toEqual([
      { topology: "a", runs: 3, medianAbsErrorPct: expect.closeTo(10, 6) },
      { topology: "b", runs: 0, medianAbsErrorPct: null },
    ]);
  });
});

describe("errorsAfterRuns", () => {
  it("buckets the predictions by how many runs they were made from (3–4, 5–9, 10+)", () => {
    const sample = (basisRuns: number, predictedMs: number) => ({ basisRuns, predictedMs, actualMs: 1_000 });
    const buckets = errorsAfterRuns([
      sample(0, 5_000),
      sample(3, 1_200),
      sample(4, 1_100),
      sample(5, 1_050),
      sample(9, 950),
      sample(10, 1_000),
      // Read from other strategies' runs: counted in no bucket.
      { basisRuns: 4, basisKind: "other-strategies", predictedMs: 9_000, actualMs: 1_000 },
      { basisRuns: 11, predictedMs: 1_000, actualMs: null },
    ]);
    expect(buckets).toEqual([
      { afterRuns: 3, runs: 2, medianAbsErrorPct: expect.closeTo(15, 6) },
      { afterRuns: 5, runs: 2, medianAbsErrorPct: expect.closeTo(5, 6) },
      { afterRuns: 10, runs: 1, medianAbsErrorPct: 0 },
    ]);
  });
});
