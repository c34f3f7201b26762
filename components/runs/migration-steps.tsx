// A migration run's steps (the way forward, then the rollback's) with their states, times and the
// runs they started, and the checks with the one that failed (docs/MIGRATION.md).
import Link from "next/link";
import { DataTable, rowClass } from "@/components/ui/data-table";
import { formatMs } from "@/lib/format";
import type { MigrationState, MigrationStep } from "@/lib/migrations/steps";

const STATE_TONE: Record<MigrationStep["state"], string> = {
  pending: "text-zinc-500",
  running: "text-sky-700 dark:text-sky-400",
  done: "text-emerald-700 dark:text-emerald-400",
  failed: "text-red-700 dark:text-red-400",
  skipped: "text-zinc-500",
};

const StepRows = ({ steps }: { steps: MigrationStep[] }) =>
  steps.map((step) => (
    <tr key={step.key} className={rowClass} data-step={step.key} data-state={step.state}>
      <td className="py-1">{step.title}</td>
      <td className={STATE_TONE[step.state]}>{step.state}</td>
      <td>{formatMs(step.durationMs)}</td>
      <td>
        {step.runId?.startsWith("bak-") ? (
          step.runId
        ) : step.runId ? (
          <Link className="underline" href={`/runs/${step.runId}`}>
            {step.runId}
          </Link>
        ) : (
          "—"
        )}
      </td>
      <td className="text-zinc-600 dark:text-zinc-400">{step.detail ?? ""}</td>
    </tr>
  ));

/** The steps and checks of a migration run. */
export const MigrationSteps = ({ migration }: { migration: MigrationState }) => (
  <section className="space-y-2" data-testid="migration">
    <h2 className="text-lg font-semibold">
      Migration {migration.from} → {migration.to}{" "}
      <span className="text-sm font-normal text-zinc-500">({migration.outcome.replace("_", " ")})</span>
    </h2>
    <p className="text-sm">
      Carried: {migration.pairs.map((p) => `${p.from} → ${p.to}`).join(", ") || "nothing"}
      {migration.notCarried.length > 0 &&
        `; not carried: ${migration.notCarried.map((n) => `${n.from} (${n.why})`).join(", ")}`}
    </p>
    <DataTable testId="migration-steps" columns={["Step", "State", "Took", "Run or backup", "Detail"]}>
      <StepRows steps={migration.steps} />
      {migration.failed !== null && <StepRows steps={migration.rollback} />}
    </DataTable>
    {migration.checks.length > 0 && (
      <ul className="text-sm" data-testid="migration-checks">
        {migration.checks.map((check, index) => (
          <li key={index} className={check.ok ? "" : "text-red-700 dark:text-red-400"}>
            {check.of === "A" ? migration.from : migration.to}: {check.name} {check.ok ? "ok" : "FAILED"} —{" "}
            {check.detail}
          </li>
        ))}
      </ul>
    )}
  </section>
);
