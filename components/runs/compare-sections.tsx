// Compare's sections below the tables: the phase durations, the timelines on one axis, what each run
// really deployed, and the guide's claims for reference.
import { RunTimeline } from "@/components/deploy/run-timeline";
import { EffectiveDiff } from "@/components/runs/effective-diff";
import { PhaseBars } from "@/components/runs/phase-bars";
import type { ComparePageModel } from "@/lib/runs/compare-page-model";

export function CompareSections({ compared }: { compared: ComparePageModel }) {
  return (
    <>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Phase durations per run</h2>
        <PhaseBars phases={compared.phaseOrder} runs={compared.phaseRuns} />
        <p className="text-xs text-zinc-500">
          A phase&apos;s time is when its last service was ready minus when the previous phase&apos;s last
          service was ready, so the phases add up to the time the cluster was ready, as in the guide&apos;s
          table. Each run&apos;s phases come from its topology: a service&apos;s <code>x-phase</code>, else
          its role&apos;s phase (Foundation, Leader, Workers, Load Balancer; role from the{" "}
          <code>org.ollamamax.role</code> label, <code>NODE_ROLE</code> or the shipped names); monitoring and
          tools count under Other services (the original&apos;s baseline starts them last).
        </p>
      </section>
      <section className="space-y-3" data-testid="compare-timelines">
        <h2 className="text-lg font-semibold">Timelines on one time axis</h2>
        {compared.timelines.map(({ snapshot, header, criticalPath }, i) => (
          <div key={snapshot.runId}>
            <p className="text-sm font-medium">
              #{i + 1} {header}
            </p>
            <RunTimeline run={snapshot} criticalPath={criticalPath} nowT={compared.axisMs} />
          </div>
        ))}
      </section>
      <section className="space-y-2" data-testid="effective-files">
        <h2 className="text-lg font-semibold">What each run really deployed</h2>
        <p className="text-xs text-zinc-500">
          The effective compose files (interpolated, fitted, overrides applied; secrets as ${"{VAR}"}{" "}
          references) of each run against the baseline&apos;s.
        </p>
        {compared.effectiveDiffs.map((diff, i) =>
          "missing" in diff ? (
            <p key={i} className="text-sm text-zinc-500">
              {diff.label}: {diff.missing}
            </p>
          ) : (
            <EffectiveDiff key={i} before={diff.before} after={diff.after} label={diff.label} />
          ),
        )}
      </section>
      <section className="space-y-2 text-sm">
        <h2 className="text-lg font-semibold">The guide&apos;s claims, for reference</h2>
        <ul className="text-zinc-600 dark:text-zinc-400">
          {compared.guideClaims.map(({ name, text }) => (
            <li key={name}>
              <span className="italic">claimed</span> {text}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
