// Prediction error: deploy one topology N times per strategy (cold data each time, so every run is
// under equal conditions), each deploy recording the model's prediction from the runs before it;
// then the median |predicted − actual| / actual of the predictions made after 3, 5 and 10 runs.
// Asked for by name only (`npm run bench -- --only prediction [--reps N]`): it takes many deploys.
import { getRunDetail } from "@/lib/db/runs";
import { STRATEGIES } from "@/lib/deploy/types";
import { errorsAfterRuns, predictedVsActual } from "@/lib/prediction/errors";
import type { BenchContext } from "../lib/context";

/** The topology the section deploys (PREDICTION_BENCH_TOPOLOGY, default the optimized one). */
const TOPOLOGY = process.env.PREDICTION_BENCH_TOPOLOGY ?? "optimized";

export const predictionSection = async (context: BenchContext): Promise<void> => {
  const { panel, report, quick, log, save } = context;
  // 13 deploys give 2, 5 and 3 predictions made after 3–4, 5–9 and 10–12 runs.
  const runs = context.reps ?? (quick ? 6 : 13);
  const lines: string[] = [];
  const details: Record<string, unknown> = {};
  for (const strategy of STRATEGIES) {
    const samples = [];
    for (let i = 0; i < runs; i += 1) {
      await panel.teardown({ topology: TOPOLOGY, coldData: true });
      const run = await panel.deploy({ topology: TOPOLOGY, strategy, fit: "clamp", freshData: true });
      await panel.teardown({ topology: TOPOLOGY, coldData: true });
      const stored = await getRunDetail(run.runId);
      const vs = stored && run.status === "healthy" ? predictedVsActual(stored) : null;
      if (vs)
        samples.push({
          basisRuns: vs.basisRuns,
          basisKind: vs.basisKind,
          predictedMs: vs.predictedMs,
          actualMs: vs.actualMs,
        });
      log(
        `prediction ${TOPOLOGY}/${strategy} #${i + 1}: ${run.status}, predicted ${vs ? (vs.predictedMs / 1000).toFixed(1) : "—"} s ` +
          `from ${vs?.basisRuns ?? 0} run(s) (${vs?.basisKind ?? "?"}), actual ${vs?.actualMs != null ? (vs.actualMs / 1000).toFixed(1) : "—"} s`,
      );
      save();
    }
    const buckets = errorsAfterRuns(samples);
    details[strategy] = { samples, buckets };
    lines.push(
      `- ${TOPOLOGY} / ${strategy}: ` +
        buckets
          .map(
            (b) =>
              `after ${b.afterRuns} runs ${b.medianAbsErrorPct === null ? "—" : `${b.medianAbsErrorPct.toFixed(1)} %`} (n = ${b.runs})`,
          )
          .join(", "),
    );
  }
  report.details["Prediction error"] = details;
  report.extraMarkdown["Prediction error"] = [
    `Median |predicted − actual| / actual, actual = first container created → all ready; cold data every run, fit clamp; ${runs} deploys per strategy. Goal (issue 29): ≤ 10 % after 3 runs.`,
    "",
    ...lines,
  ];
};
