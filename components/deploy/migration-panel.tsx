"use client";
// The dashboard's guided migration (docs/MIGRATION.md): the shown topology A → another topology B.
// "Plan" asks for the dry run (every step, the rollback's, the checks, which of A's volumes and data
// folders carry into which of B's); the person may change that correspondence (the plan is asked
// again with the mapping, so what is shown is what the server will do); "Migrate" asks once more to
// confirm that A is torn down, then starts it and draws its steps live.
import { useState } from "react";
import Link from "next/link";
import { callApi } from "@/components/auth/api";
import { MigrationSteps } from "@/components/runs/migration-steps";
import { useMigration } from "@/components/runs/use-migration";
import { useHydrated } from "@/components/shell/use-hydrated";
import type { MigrationState } from "@/lib/migrations/steps";
import { STRATEGIES, type Strategy } from "@/lib/run-vocabulary";

type Plan = { plan: MigrationState; targets: string[] };
/** A's key → B's key, or "" for not carried. */
type Mapping = Record<string, string>;

const NOT_CARRIED = "";

/** The correspondence the plan shows, as a mapping the person can change. */
const mappingOf = (plan: MigrationState): Mapping =>
  Object.fromEntries([
    ...plan.pairs.map((p) => [p.from, p.to]),
    ...plan.notCarried.map((n) => [n.from, NOT_CARRIED]),
  ]);

const CorrespondenceTable = ({
  plan,
  targets,
  disabled,
  onChange,
}: {
  plan: MigrationState;
  targets: string[];
  disabled: boolean;
  onChange: (mapping: Mapping) => void;
}) => {
  const mapping = mappingOf(plan);
  const why = (from: string) =>
    plan.pairs.find((p) => p.from === from)?.why ?? plan.notCarried.find((n) => n.from === from)?.why ?? "";
  return (
    <table className="text-sm" data-testid="migration-mapping">
      <thead>
        <tr className="text-left text-zinc-500">
          <th className="pr-4 font-normal">{plan.from}</th>
          <th className="pr-4 font-normal">→ {plan.to}</th>
          <th className="font-normal">why</th>
        </tr>
      </thead>
      <tbody>
        {Object.keys(mapping).map((from) => (
          <tr key={from} data-from={from}>
            <td className="pr-4 font-mono">{from}</td>
            <td className="pr-4">
              <select
                aria-label={`${from} carried into`}
                value={mapping[from]}
                disabled={disabled}
                onChange={(e) => onChange({ ...mapping, [from]: e.target.value })}
                className="rounded border border-zinc-300 bg-transparent px-1 font-mono dark:border-zinc-700"
              >
                <option value={NOT_CARRIED}>not carried</option>
                {targets.map((key) => (
                  <option key={key} value={key}>
                    {key}
                  </option>
                ))}
              </select>
            </td>
            <td className="text-zinc-600 dark:text-zinc-400">{why(from)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
};

/** Migrate the shown topology's data and cluster to another topology, with a plan first and live steps after. */
export const MigrationPanel = ({
  from,
  topologies,
  environment,
  disabledReason,
}: {
  from: string;
  topologies: string[];
  environment?: string;
  /** Why nothing can start now (the engine unreachable, a run in flight), or null. */
  disabledReason: string | null;
}) => {
  const hydrated = useHydrated();
  const others = topologies.filter((t) => t !== from);
  const [to, setTo] = useState(others[0] ?? "");
  const [strategy, setStrategy] = useState<Strategy>("phased");
  const [planned, setPlanned] = useState<Plan | null>(null);
  const [mapping, setMapping] = useState<Mapping | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [id, setId] = useState<string | null>(null);
  const live = useMigration(id);
  const target = others.includes(to) ? to : (others[0] ?? "");

  const ask = (dryRun: boolean, asked: Mapping | null) =>
    callApi<{ dryRun: true; plan: MigrationState; targets: string[] } | { dryRun: false; id: string }>(
      "/api/v1/migrations",
      {
        body: {
          from,
          to: target,
          dryRun,
          strategy,
          ...(environment ? { environment } : {}),
          // Only the carried pairs: a key left out is "not in the mapping", i.e. not carried.
          ...(asked
            ? { mapping: Object.fromEntries(Object.entries(asked).filter(([, b]) => b !== NOT_CARRIED)) }
            : {}),
        },
      },
    );
  const plan = async (asked: Mapping | null) => {
    setBusy(true);
    setError(null);
    setConfirming(false);
    const answer = await ask(true, asked);
    setBusy(false);
    if (!answer.ok) return setError(answer.error.message);
    if (answer.data.dryRun) {
      setPlanned({ plan: answer.data.plan, targets: answer.data.targets });
      setMapping(asked);
    }
  };
  const start = async () => {
    setBusy(true);
    setError(null);
    const answer = await ask(false, mapping);
    setBusy(false);
    setConfirming(false);
    if (!answer.ok) return setError(answer.error.message);
    if (!answer.data.dryRun) {
      setId(answer.data.id);
      setPlanned(null);
    }
  };
  const reset = () => {
    setPlanned(null);
    setMapping(null);
    setConfirming(false);
    setError(null);
  };

  if (others.length === 0) return null;
  const carried = planned?.plan.pairs.length ?? 0;
  const running = live?.outcome === "running";
  const blocked = !hydrated || busy || disabledReason !== null || running;
  return (
    <details
      className="space-y-3 rounded border border-zinc-200 p-3 dark:border-zinc-800"
      data-testid="migration-panel"
    >
      <summary className="cursor-pointer font-medium">
        Migrate {from} and its data to another topology
      </summary>
      <div className="flex flex-wrap items-center gap-3 text-sm">
        {/* Named by aria-label, not a wrapping <label>: a label holding the options' text would name the
            select "… sequential phased dag", and the deploy form's "sequential" radio would have a twin. */}
        <span className="flex items-center gap-1">
          To
          <select
            aria-label="Migrate to"
            value={target}
            disabled={blocked}
            onChange={(e) => {
              setTo(e.target.value);
              reset();
            }}
            className="rounded border border-zinc-300 bg-transparent px-2 dark:border-zinc-700"
          >
            {others.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </span>
        <span className="flex items-center gap-1">
          Start it
          <select
            aria-label="Migration strategy"
            value={strategy}
            disabled={blocked}
            onChange={(e) => {
              setStrategy(e.target.value as Strategy);
              reset();
            }}
            className="rounded border border-zinc-300 bg-transparent px-2 dark:border-zinc-700"
          >
            {STRATEGIES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </span>
        <button
          type="button"
          disabled={blocked}
          onClick={() => void plan(null)}
          className="rounded border border-zinc-400 px-3 py-1 disabled:opacity-50"
        >
          Plan
        </button>
        {disabledReason && <span className="text-zinc-500">Not now: {disabledReason}.</span>}
      </div>
      {error && (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      )}
      {planned && (
        <div className="space-y-2" data-testid="migration-plan">
          <p className="text-sm">
            What carries: {from}&apos;s volumes and data folders → {target}&apos;s (change any row; the plan
            is asked again).
          </p>
          <CorrespondenceTable
            plan={planned.plan}
            targets={planned.targets}
            disabled={blocked}
            onChange={(next) => void plan(next)}
          />
          <ol className="list-decimal pl-5 text-sm">
            {planned.plan.steps.map((step) => (
              <li key={step.key}>
                {step.title}
                {step.detail && <span className="text-zinc-500"> — {step.detail}</span>}
              </li>
            ))}
          </ol>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            If a step or a check ({planned.plan.plannedChecks.join(", ")}) fails after {from} is torn down, it
            rolls back by itself: {planned.plan.rollback.map((s) => s.title.toLowerCase()).join(", ")}.
          </p>
          {carried === 0 ? (
            <p className="text-sm text-amber-700">Nothing carries: choose where at least one volume goes.</p>
          ) : confirming ? (
            <div
              role="dialog"
              aria-label="Confirm migration"
              className="space-y-2 rounded border border-amber-400 p-2 text-sm"
            >
              <p>
                This backs up {from}, tears it down (its volumes kept) and deploys {target} on the carried
                data.
              </p>
              <div className="flex gap-2">
                <button
                  type="button"
                  disabled={blocked}
                  onClick={() => void start()}
                  className="rounded bg-red-700 px-3 py-1 text-white disabled:opacity-50"
                >
                  Tear down {from} and migrate
                </button>
                <button type="button" onClick={() => setConfirming(false)} className="underline">
                  Cancel
                </button>
              </div>
            </div>
          ) : (
            <button
              type="button"
              disabled={blocked}
              onClick={() => setConfirming(true)}
              className="rounded bg-zinc-900 px-3 py-1 text-sm text-white disabled:opacity-50 dark:bg-zinc-100 dark:text-zinc-900"
            >
              Migrate
            </button>
          )}
        </div>
      )}
      {id && (
        <div className="space-y-1" data-testid="migration-live">
          {live ? <MigrationSteps migration={live} /> : <p className="text-sm">Migration {id} started…</p>}
          <Link href={`/runs/${id}`} className="text-sm underline">
            Its run page
          </Link>
        </div>
      )}
    </details>
  );
};
