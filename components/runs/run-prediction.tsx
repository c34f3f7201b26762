import { PredictedPath } from "@/components/prediction/predicted-path";
import { formatMs } from "@/lib/format";
import type { PredictedVsActual } from "@/lib/prediction/errors";

/** Predicted vs actual startup (first container created → all ready), with the path the model predicted. */
export const RunPrediction = ({ prediction }: { prediction: PredictedVsActual | null }) => {
  if (!prediction) return null;
  const { predictedMs, actualMs, errorPct, basisRuns } = prediction;
  return (
    <section className="space-y-2" data-testid="run-prediction">
      <h2 className="text-lg font-semibold">Predicted vs actual</h2>
      <p className="text-sm">
        Predicted <strong data-testid="run-predicted-ms">{formatMs(predictedMs)}</strong> · actual{" "}
        <strong data-testid="run-actual-ms">{actualMs === null ? "not measured" : formatMs(actualMs)}</strong>
        {errorPct !== null && (
          <span data-testid="run-prediction-error"> · off by {errorPct.toFixed(1)} %</span>
        )}
        <span className="text-xs text-zinc-500">
          {" "}
          (first container created → all ready; predicted from {basisRuns} earlier run
          {basisRuns === 1 ? "" : "s"}
          {basisRuns === 0 ? ", health-check timings only" : ""})
        </span>
      </p>
      <PredictedPath path={prediction.criticalPath} neverMeasured={prediction.neverMeasured} />
    </section>
  );
};
