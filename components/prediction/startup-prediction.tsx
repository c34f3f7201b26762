"use client";
import { useEffect, useState, type FormEvent } from "react";
import { callApi } from "@/components/auth/api";
import { formatMs } from "@/lib/format";
import type { StartupPrediction as TStartupPrediction } from "@/lib/prediction/model";
import { predictionUrl } from "@/lib/prediction/prediction-url";
import type { ResourceOverride } from "@/lib/prediction/what-if";
import { PredictedPath } from "./predicted-path";

type Prediction = TStartupPrediction & {
  basis: { kind: "same-strategy" | "other-strategies" | "none"; runIds: string[] };
  notes: string[];
  memoryBelowPeak: boolean;
  error: { runs: number; medianAbsErrorPct: number | null };
};

type Props = { topology: string; strategy: string; fit: string; freshData: boolean };

const BASIS_TEXT: Record<Prediction["basis"]["kind"], string> = {
  "same-strategy": "runs of this strategy",
  "other-strategies": "runs of other strategies (none of this one yet)",
  none: "no run yet: health-check timings only",
};

const field =
  "w-24 rounded border border-zinc-300 bg-white px-1 py-0.5 text-xs dark:border-zinc-700 dark:bg-zinc-900";

/** The predicted time to ready and critical path of the chosen deploy, and a what-if on one service's limits. */
export const StartupPrediction = ({ topology, strategy, fit, freshData }: Props) => {
  const [base, setBase] = useState<Prediction | null>(null);
  const [whatIf, setWhatIf] = useState<Prediction | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void callApi<Prediction>(predictionUrl({ topology, strategy, fit, freshData })).then((answer) => {
      if (!live) return;
      setWhatIf(null);
      setBase(answer.ok ? answer.data : null);
      setProblem(answer.ok ? null : answer.error.message);
    });
    return () => {
      live = false;
    };
  }, [topology, strategy, fit, freshData]);

  const ask = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const cpus = String(form.get("whatIfCpus") ?? "").trim();
    const memoryMiB = String(form.get("whatIfMemoryMiB") ?? "").trim();
    const override: ResourceOverride = {
      service: String(form.get("whatIfService") ?? ""),
      ...(cpus ? { cpus: Number(cpus) } : {}),
      ...(memoryMiB ? { memoryBytes: Math.round(Number(memoryMiB) * 2 ** 20) } : {}),
    };
    const answer = await callApi<Prediction>(predictionUrl({ topology, strategy, fit, freshData, override }));
    setWhatIf(answer.ok ? answer.data : null);
    setProblem(answer.ok ? null : answer.error.message);
  };

  if (!base)
    return problem ? (
      <p className="text-xs text-zinc-500" data-testid="prediction-problem">
        No prediction: {problem}
      </p>
    ) : null;
  return (
    <section className="space-y-1 text-sm" data-testid="startup-prediction">
      <p>
        Predicted time to ready: <strong data-testid="predicted-ms">{formatMs(base.predictedMs)}</strong>{" "}
        <span className="text-xs text-zinc-500">
          ({BASIS_TEXT[base.basis.kind]}
          {base.basis.runIds.length > 0 ? `, ${base.basis.runIds.length} run(s)` : ""}
          {base.error.medianAbsErrorPct !== null
            ? `; past predictions off by ${base.error.medianAbsErrorPct.toFixed(1)} % median over ${base.error.runs}`
            : ""}
          )
        </span>
      </p>
      <PredictedPath path={base.criticalPath} neverMeasured={base.neverMeasured} />
      {base.neverMeasured.length > 0 && (
        <p className="text-xs text-amber-700 dark:text-amber-400" data-testid="never-measured">
          Never measured (health check&apos;s timing used): {base.neverMeasured.join(", ")}
        </p>
      )}
      <form onSubmit={ask} aria-label="What if" className="flex flex-wrap items-end gap-2 text-xs">
        <span className="text-zinc-500">What if</span>
        <select name="whatIfService" aria-label="What-if service" className={field}>
          {base.services.map((s) => (
            <option key={s.service}>{s.service}</option>
          ))}
        </select>
        <input
          name="whatIfCpus"
          type="number"
          step="any"
          min="0.01"
          placeholder="CPUs"
          aria-label="What-if CPUs"
          className={field}
        />
        <input
          name="whatIfMemoryMiB"
          type="number"
          step="any"
          min="4"
          placeholder="memory MiB"
          aria-label="What-if memory (MiB)"
          className={field}
        />
        <button type="submit" className="rounded border border-zinc-300 px-2 py-0.5 dark:border-zinc-700">
          Predict
        </button>
      </form>
      {whatIf && (
        <div data-testid="what-if-result" className="space-y-1">
          <p>
            What-if: <strong data-testid="what-if-ms">{formatMs(whatIf.predictedMs)}</strong> (
            {whatIf.predictedMs <= base.predictedMs ? "−" : "+"}
            {formatMs(Math.abs(whatIf.predictedMs - base.predictedMs))})
          </p>
          <PredictedPath
            path={whatIf.criticalPath}
            neverMeasured={whatIf.neverMeasured}
            testId="what-if-path"
          />
          {whatIf.notes.map((note) => (
            <p key={note} className={`text-xs ${whatIf.memoryBelowPeak ? "text-red-600" : "text-zinc-500"}`}>
              {note}
            </p>
          ))}
        </div>
      )}
      {problem && <p className="text-xs text-red-600">{problem}</p>}
    </section>
  );
};
