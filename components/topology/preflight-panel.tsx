import Link from "next/link";
import {
  FIT_MODE_LABEL,
  FIT_MODES,
  type FitResult,
  type PreflightResult,
  type Topology,
} from "@/lib/compose";
import { FitTable } from "./fit-table";

/** Preflight under a fit mode: problems, each with what to do, and per service what the mode changes. */
export const PreflightPanel = ({
  result,
  fit,
  written,
  name,
  hostError,
}: {
  name: string;
  result: PreflightResult | null;
  fit: FitResult | null;
  written: Topology;
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
      {fit && (
        <nav aria-label="Fit mode" className="flex flex-wrap gap-2">
          {FIT_MODES.map((mode) => (
            <Link
              key={mode}
              href={`/topology?name=${encodeURIComponent(name)}&fit=${mode}`}
              aria-current={mode === fit.mode ? "true" : undefined}
              title={FIT_MODE_LABEL[mode]}
              className={`rounded-full border px-3 py-0.5 ${mode === fit.mode ? "border-zinc-900 font-medium dark:border-zinc-100" : "border-zinc-300 dark:border-zinc-700"}`}
            >
              {mode}
              {mode === "clamp" ? " (default)" : ""}
            </Link>
          ))}
          <span className="text-zinc-500">{FIT_MODE_LABEL[fit.mode]}</span>
        </nav>
      )}
      <p
        className={
          result.ok ? "text-emerald-700 dark:text-emerald-400" : "font-medium text-red-700 dark:text-red-400"
        }
      >
        {result.ok
          ? `Preflight passed: this host can run the topology under fit mode ${fit?.mode ?? "none"}.`
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
      {fit && <FitTable written={written} fit={fit} />}
    </div>
  );
};
