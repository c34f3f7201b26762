// A regression: a healthy deploy slower than the median of the topology's previous healthy deploys
// under equal conditions (lib/runs/conditions.ts) by more than a margin. The one judgement the runs'
// badge (lib/recording/run-summary.ts, REGRESSION_MARGIN) and the deploy_regression alert (its
// per-project margin) both make.
import { getRunsForCompare, listRuns, type ParsedRun } from "@/lib/db/runs";
import { isRegression } from "./aggregate";
import { conditionDifferences, type ConditionColumns } from "./conditions";

/** What the judgement reads of a run: its conditions and its time to healthy. */
export type JudgedRun = ConditionColumns & { id: string; totalMs: number | null };

/** Previous deploys the median is taken over (the newest comparable ones). */
export const REGRESSION_BASELINE_RUNS = 10;

export type RegressionFinding = {
  regression: boolean;
  baselineMedianMs: number | null;
  comparedRuns: number;
};

/** Judges a run against earlier runs: only those under equal conditions count. */
export const judgeRegression = ({
  run,
  previous,
  marginPercent,
}: {
  run: JudgedRun;
  previous: JudgedRun[];
  marginPercent: number;
}): RegressionFinding => {
  const comparable = previous
    .filter((p) => p.id !== run.id && p.totalMs !== null)
    .filter((p) => conditionDifferences({ baseline: p, run }).length === 0)
    .slice(0, REGRESSION_BASELINE_RUNS);
  if (run.totalMs === null) return { regression: false, baselineMedianMs: null, comparedRuns: 0 };
  const { regression, baselineMedianMs } = isRegression({
    totalMs: run.totalMs,
    previousTotals: comparable.map((p) => p.totalMs as number),
    margin: marginPercent / 100,
  });
  return { regression, baselineMedianMs, comparedRuns: comparable.length };
};

/** Loads the comparable history of a stored run and judges it. */
export const findRegression = async ({
  run,
  marginPercent,
}: {
  run: ParsedRun;
  marginPercent: number;
}): Promise<RegressionFinding> => {
  const { runs } = await listRuns({
    pageSize: 50,
    filters: {
      topology: run.topology,
      strategy: run.strategy ?? undefined,
      status: "healthy",
      kind: "deploy",
      environmentId: run.environmentId ?? null,
    },
  });
  const earlier = runs.filter((r) => r.id !== run.id && r.startedAt < run.startedAt).map((r) => r.id);
  return judgeRegression({ run, previous: await getRunsForCompare(earlier), marginPercent });
};
