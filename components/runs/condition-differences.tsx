import type { CompareInput } from "@/lib/runs/compare";

/** The mark a change-% cell carries when its run's conditions differ from the baseline's. */
export const CONDITIONS_MARK = "†";

/**
 * Above the tables: for every run whose conditions differ from the baseline (host, engine, fit,
 * data state, images), which ones and how; and any batch whose repetitions did not all match.
 */
export const ConditionDifferences = ({ runs }: { runs: CompareInput[] }) => {
  const differing = runs
    .map((run, index) => ({ run, index }))
    .filter(({ run }) => run.differences.length > 0);
  const batches = runs.filter((run) => run.batch && run.batch.mismatches.length > 0);
  if (differing.length === 0 && batches.length === 0)
    return (
      <p
        role="status"
        data-testid="conditions-match"
        className="text-sm text-emerald-700 dark:text-emerald-400"
      >
        Same conditions: every run had the baseline&apos;s host, engine, fit mode and scales, data state and
        image IDs.
      </p>
    );
  return (
    <section
      role="status"
      data-testid="conditions-differ"
      className="space-y-2 rounded border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-700 dark:bg-amber-950/40"
    >
      <h2 className="font-semibold">Not measured under the same conditions</h2>
      <ul className="space-y-1">
        {differing.map(({ run, index }) => (
          <li key={run.id} data-testid={`conditions-run-${index + 1}`}>
            <span className="font-medium">
              #{index + 1} {run.label}
            </span>{" "}
            differs from the baseline in{" "}
            {run.differences.map((d, i) => (
              <span key={d.key} data-condition={d.key}>
                {i > 0 ? "; " : ""}
                {d.label}: {d.value} (baseline: {d.baseline})
              </span>
            ))}
          </li>
        ))}
        {batches.map((run) => (
          <li key={`batch-${run.id}`}>
            The batch of {run.label}: {run.batch?.mismatches.length} repetition(s) differed from its first run
            (
            {run.batch?.mismatches
              .map((m) => `${m.runId}: ${m.differences.map((d) => `${d.label} ${d.value}`).join(", ")}`)
              .join("; ")}
            ), so its spread mixes conditions.
          </li>
        ))}
      </ul>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        {CONDITIONS_MARK} on a change marks a run whose conditions differ from the baseline&apos;s: the change
        mixes the topology&apos;s and strategy&apos;s effect with these differences.
      </p>
    </section>
  );
};
