import type { FitToHostResult, PreflightResult } from "@/lib/compose";

/** Preflight problems, each with what to do, and what "fit to this host" would change. */
export const PreflightPanel = ({
  result,
  fit,
  hostError,
}: {
  result: PreflightResult | null;
  fit: FitToHostResult | null;
  hostError: string | null;
}) => {
  if (hostError)
    return (
      <p role="alert" className="text-sm text-red-600">
        Preflight needs the Docker engine: {hostError}
      </p>
    );
  if (!result) return null;
  return (
    <div className="space-y-2 text-sm" data-testid="preflight">
      <p
        className={
          result.ok ? "text-emerald-700 dark:text-emerald-400" : "font-medium text-red-700 dark:text-red-400"
        }
      >
        {result.ok
          ? "Preflight passed: this host can run the topology as written."
          : `${result.errors.length} problem(s) before this can deploy here:`}
      </p>
      <ul className="space-y-1">
        {[
          ...result.errors.map((p) => ({ ...p, level: "error" })),
          ...result.warnings.map((p) => ({ ...p, level: "warning" })),
        ].map((p, i) => (
          <li
            key={i}
            className={
              p.level === "error" ? "text-red-700 dark:text-red-400" : "text-amber-700 dark:text-amber-400"
            }
          >
            {p.message} — <span className="text-zinc-600 dark:text-zinc-400">fix: {p.fix}</span>
          </li>
        ))}
      </ul>
      {fit?.changed && (
        <p className="text-zinc-600 dark:text-zinc-400">
          &ldquo;Fit to this host&rdquo; would scale CPU limits by {fit.scale.cpu.toFixed(3)} and memory by{" "}
          {fit.scale.memory.toFixed(3)}; the run records the scale so comparisons stay honest.
        </p>
      )}
    </div>
  );
};
