"use client";
import { useState, type FormEvent } from "react";
import { ComposeFilePicker, ProfilePicker } from "./profile-picker";
import { callApi } from "@/components/auth/api";
import { useHydrated } from "@/components/shell/use-hydrated";
import { FIT_MODE_LABEL } from "@/lib/compose/fit-modes";
import { FIT_MODES, STRATEGIES } from "@/lib/run-vocabulary";
import { ProbeFields } from "./probe-fields";
import { TargetPicker, type DeployTarget } from "./target-picker";
import type { DashboardTopology } from "@/lib/operations/dashboard-page-model";
import { SWARM_FRESH_DATA_REASON } from "@/lib/operations/swarm-options";
import { StartupPrediction } from "@/components/prediction/startup-prediction";

/** The confirmation that names exactly what "start from empty data" deletes. */
const freshDataQuestion = (topology: DashboardTopology | undefined): string => {
  const { volumes = [], folders = [] } = topology?.freshData ?? {};
  if (volumes.length + folders.length === 0)
    return "This topology has no named volumes or data folders: nothing will be deleted. Deploy?";
  return [
    `Start from empty data deletes, before deploying ${topology?.name ?? ""}:`,
    ...volumes.map((v) => `  volume ${v}`),
    ...folders.map((f) => `  folder ${f} (under the topology's folder)`),
    "This cannot be undone. Continue?",
  ].join("\n");
};

const TUNING: { name: string; label: string; options?: string[]; placeholder?: string }[] = [
  { name: "ASYNC_TRAINING", label: "Async training", options: ["true", "false"] },
  { name: "PARALLEL_MODEL_LOADING", label: "Parallel model loading", options: ["true", "false"] },
  { name: "CONSENSUS_MODE", label: "Consensus mode", options: ["async_training", "sync_training", "raft"] },
  { name: "PIPELINE_DEPTH", label: "Pipeline depth", placeholder: "4" },
  { name: "WORKER_THREADS", label: "Worker threads", placeholder: "8" },
  { name: "OPTIMIZATION_LEVEL", label: "Optimization level", placeholder: "3" },
  { name: "ENABLE_GPU", label: "Enable GPU", options: ["false", "true"] },
  { name: "MTU_SIZE", label: "MTU size", placeholder: "1500" },
  { name: "KEEPALIVE_TIMEOUT", label: "Keepalive timeout", placeholder: "60s" },
];
const HEALTH = [
  { name: "intervalS", label: "Interval (s)" },
  { name: "timeoutS", label: "Timeout (s)" },
  { name: "retries", label: "Retries" },
  { name: "startPeriodS", label: "Start period (s)" },
];
const field =
  "w-full rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";

type Props = {
  topologies: DashboardTopology[];
  selected: string;
  onSelect: (name: string) => void;
  disabledReason: string | null;
  onStarted: (runId: string) => void;
  /** The environment to deploy to (undefined: the panel's own engine). */
  environment?: string;
  /** Whether that environment is a Swarm manager: then the form offers Swarm services as the target. */
  swarmManager?: boolean;
};

/** Topology, strategy, fit mode, fresh data, tuning and health overrides; Deploy posts to /api/deploy. */
export const DeployForm = ({
  topologies,
  selected,
  onSelect,
  disabledReason,
  onStarted,
  environment,
  swarmManager = false,
}: Props) => {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [target, setTarget] = useState<DeployTarget>("engine");
  const hydrated = useHydrated();
  // Only a swarm manager's form has the control; elsewhere nothing is sent and the engine is the target.
  const swarm = swarmManager && target === "swarm";
  // What the prediction is for: the form's strategy, fit and fresh-data choice as they change.
  const [choice, setChoice] = useState({ strategy: "phased", fit: "clamp", freshData: false });
  const watch = (event: FormEvent<HTMLFormElement>) => {
    const form = new FormData(event.currentTarget);
    const next = {
      strategy: String(form.get("strategy") ?? "phased"),
      fit: String(form.get("fit") ?? "clamp"),
      freshData: form.get("freshData") === "on",
    };
    if (next.strategy !== choice.strategy || next.fit !== choice.fit || next.freshData !== choice.freshData)
      setChoice(next);
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const pick = (names: string[], asNumber: boolean) =>
      Object.fromEntries(
        names.flatMap((n) => {
          const v = String(form.get(n) ?? "").trim();
          return v ? [[n, asNumber ? Number(v) : v]] : [];
        }),
      );
    const freshData = form.get("freshData") === "on";
    if (freshData && !window.confirm(freshDataQuestion(topologies.find((t) => t.name === selected)))) return;
    const times = Number(form.get("times") ?? 1);
    if (swarm && times > 1) return setError("A Swarm deploy runs once at a time: set Run to 1 time.");
    setBusy(true);
    const answer = await callApi<{ runId?: string; firstRunId?: string }>(
      times > 1 ? "/api/batches" : "/api/deploy",
      {
        body: {
          ...(times > 1 ? { times } : {}),
          topology: selected,
          environment,
          ...(swarm ? { target: "swarm" } : {}),
          strategy: form.get("strategy"),
          tuning: pick(
            TUNING.map((t) => t.name),
            false,
          ),
          health: pick(
            HEALTH.map((h) => h.name),
            true,
          ),
          fit: form.get("fit"),
          profiles: form.getAll("profile").map(String),
          ...(form.getAll("composeFile").length > 0 ? { files: form.getAll("composeFile").map(String) } : {}),
          freshData,
          keepOnFailure: form.get("keepOnFailure") === "on",
          // Unset: the panel's default probe and interval.
          ...pick(["probe"], false),
          ...pick(["probeIntervalMs"], true),
          // Load balancer weights by node role; empty keeps the topology's nginx file's.
          weights: Object.fromEntries(
            Object.entries(
              pick(
                ["leader", "worker"].map((r) => `weight-${r}`),
                true,
              ),
            ).map(([k, v]) => [k.replace("weight-", ""), v]),
          ),
        },
      },
    );
    setBusy(false);
    if (!answer.ok) return setError(answer.error.message);
    setError(null);
    onStarted(answer.data.runId ?? answer.data.firstRunId ?? "");
  };

  return (
    <div className="space-y-2">
      <form
        onSubmit={submit}
        onChange={watch}
        aria-label="Deploy"
        className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
      >
        <fieldset disabled={!hydrated} className="flex flex-wrap items-end gap-4">
          <label className="text-sm">
            Topology
            <select
              name="topology"
              value={selected}
              onChange={(e) => onSelect(e.target.value)}
              className={field}
            >
              {topologies.map((t) => (
                <option key={t.name} value={t.name}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
          {swarmManager && <TargetPicker className={field} value={target} onChange={setTarget} />}
          <fieldset className="text-sm">
            <legend>Strategy</legend>
            <div className="flex gap-3">
              {STRATEGIES.map((s) => (
                <label key={s} className="flex items-center gap-1">
                  <input type="radio" name="strategy" value={s} defaultChecked={s === "phased"} /> {s}
                </label>
              ))}
            </div>
          </fieldset>
          <label className="text-sm">
            {swarm ? "Fit to the smallest node" : "Fit to this host"}
            <select name="fit" defaultValue="clamp" aria-label="Fit mode" className={field}>
              {FIT_MODES.map((mode) => (
                <option key={mode} value={mode}>
                  {FIT_MODE_LABEL[mode]}
                </option>
              ))}
            </select>
          </label>
          <ProfilePicker key={selected} topology={topologies.find((t) => t.name === selected)} />
          <ComposeFilePicker
            key={`files-${selected}`}
            topology={topologies.find((t) => t.name === selected)}
          />
          <ProbeFields className={field} swarm={swarm} />
          <label
            className="flex items-center gap-1 text-sm"
            title={
              swarm
                ? `Not with Swarm: ${SWARM_FRESH_DATA_REASON}`
                : "Delete the project's named volumes and data folders first, so the run is cold (asks to confirm)"
            }
          >
            {/* Keyed by target: switching to Swarm drops a tick the Swarm deploy would refuse. */}
            <input key={target} type="checkbox" name="freshData" disabled={swarm} /> Start from empty data
            {swarm && (
              <span className="text-xs text-zinc-500" data-testid="fresh-data-swarm-reason">
                (not with Swarm: the volumes live on the nodes; tear down with remove volumes instead)
              </span>
            )}
          </label>
          <label className="flex items-center gap-1 text-sm">
            <input type="checkbox" name="keepOnFailure" /> Keep on failure
          </label>
          <label
            className="flex items-center gap-1 text-sm"
            title="Deploy and tear down N times in a row; Compare shows median, min and max"
          >
            Run
            <input
              type="number"
              name="times"
              min={1}
              max={10}
              defaultValue={1}
              aria-label="Run N times"
              className="w-14 rounded border border-zinc-300 bg-white px-1 dark:border-zinc-700 dark:bg-zinc-900"
            />
            time(s)
          </label>
          <button
            type="submit"
            data-tour="deploy"
            disabled={busy || disabledReason !== null}
            title={disabledReason ?? undefined}
            className="rounded bg-emerald-600 px-4 py-1.5 text-sm font-medium text-white disabled:cursor-not-allowed disabled:opacity-50"
          >
            {busy ? "Starting…" : "Deploy"}
          </button>
          {disabledReason && (
            <span className="text-xs text-zinc-500" data-testid="deploy-disabled-reason">
              {disabledReason}
            </span>
          )}
        </fieldset>
        <details className="text-sm">
          <summary className="cursor-pointer text-zinc-600 dark:text-zinc-400">
            Tuning variables, load balancer weights and health-check overrides
          </summary>
          <div className="mt-2 grid gap-2 md:grid-cols-3">
            {TUNING.map((t) => (
              <label key={t.name} className="text-xs">
                {t.label} <code className="text-zinc-500">{t.name}</code>
                {t.options ? (
                  <select name={t.name} defaultValue="" className={field}>
                    <option value="">(topology default)</option>
                    {t.options.map((o) => (
                      <option key={o}>{o}</option>
                    ))}
                  </select>
                ) : (
                  <input name={t.name} placeholder={t.placeholder} className={field} />
                )}
              </label>
            ))}
            {["leader", "worker"].map((role) => (
              <label key={role} className="text-xs">
                Load balancer weight: {role}
                {swarm && (
                  <span className="text-zinc-500" data-testid="weights-swarm-reason">
                    {" "}
                    (not with Swarm: nginx keeps the topology&apos;s file)
                  </span>
                )}
                <input
                  key={target}
                  disabled={swarm}
                  name={`weight-${role}`}
                  type="number"
                  min="1"
                  max="100"
                  step="1"
                  placeholder="(nginx file)"
                  className={field}
                />
              </label>
            ))}
            {HEALTH.map((h) => (
              <label key={h.name} className="text-xs">
                Health check: {h.label}
                <input
                  name={h.name}
                  type="number"
                  step="any"
                  min="0"
                  placeholder="(file)"
                  className={field}
                />
              </label>
            ))}
          </div>
        </details>
        {error && (
          <p role="alert" className="text-sm text-red-600 dark:text-red-400">
            {error}
          </p>
        )}
      </form>
      {/* Outside the deploy form: the what-if has a form of its own. */}
      {!swarm && selected && <StartupPrediction topology={selected} {...choice} />}
    </div>
  );
};
