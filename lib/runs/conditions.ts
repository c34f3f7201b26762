// What a run's numbers depend on besides its topology and strategy — host, engine, fit, data,
// images — and which of these differ between runs, so a comparison says so instead of hiding it.
import { deployOverridesOf, type StoredRunSettings } from "@/lib/db/run-columns";
import type { ParsedRun } from "@/lib/db/runs";
import { formatBytes } from "@/lib/format";

export type ConditionColumns = Pick<
  ParsedRun,
  | "topologyHash"
  | "hostCpus"
  | "hostMemoryBytes"
  | "engineVersion"
  | "fitMode"
  | "fitCpuScale"
  | "fitMemoryScale"
  | "fitChanges"
  | "dataState"
  | "dataItems"
  | "imageIds"
> &
  Partial<Pick<ParsedRun, "environmentId" | "settings">>;

export type ConditionKey =
  | "environment"
  | "host"
  | "engine"
  | "fitMode"
  | "fitScale"
  | "fitChanges"
  | "dataState"
  | "images"
  | "overrides";

export const CONDITION_LABEL: Record<ConditionKey, string> = {
  environment: "environment (Docker engine)",
  host: "host (CPUs, memory)",
  engine: "Docker engine version",
  fitMode: "fit mode",
  fitScale: "fit scale factors",
  fitChanges: "limits changed by the fit",
  dataState: "data state",
  images: "image IDs",
  overrides: "the deploy's own choices (tuning, health checks, limits, probe)",
};

/** One condition that differs from the baseline: what the baseline had and what this run had. */
export type ConditionDifference = { key: ConditionKey; label: string; baseline: string; value: string };

const NOT_RECORDED = "not recorded";

/** The run's environment: "local", else its name as the deploy stored it in the settings. */
export const environmentText = (run: Pick<ConditionColumns, "environmentId" | "settings">): string => {
  if (!run.environmentId) return "local";
  const name = run.settings?.environment;
  return typeof name === "string" ? name : run.environmentId;
};

const fitScaleText = (run: ConditionColumns) =>
  run.fitCpuScale === null && run.fitMemoryScale === null
    ? "none"
    : `CPU ×${run.fitCpuScale?.toFixed(3) ?? "1"}, memory ×${run.fitMemoryScale?.toFixed(3) ?? "1"}`;

const changesText = (run: ConditionColumns): string => {
  const changes = run.fitChanges;
  if (changes === null) return NOT_RECORDED;
  return changes.length === 0
    ? "none"
    : changes.map((c) => `${c.service} ${c.field} ${c.written ?? "—"}→${c.applied ?? "—"}`).join("; ");
};

const dataText = (run: ConditionColumns): string => {
  const items = run.dataItems;
  if (run.dataState === null) return NOT_RECORDED;
  const warm = (items ?? []).filter((i) => i.state === "warm").map((i) => i.name);
  return run.dataState === "mixed" ? `mixed (warm: ${warm.join(", ")})` : run.dataState;
};

/**
 * A run's own choices as a person reads them: "none", or e.g. "tuning PIPELINE_DEPTH=8; limits
 * postgres.cpus=1; probe auto" (from the same canonical reading the prediction filters on).
 */
export const overridesText = (settings: StoredRunSettings): string => {
  const { tuning, health, limits, probe } = deployOverridesOf(settings);
  // Keys sorted, so runs that made the same choices in another order read the same.
  const sorted = (o: unknown) =>
    Object.entries(o !== null && typeof o === "object" ? o : {}).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
  const flat = (prefix: string, o: unknown) =>
    sorted(o).map(([k, v]) => `${prefix}${k}=${JSON.stringify(v)}`);
  const parts = [
    ["tuning", flat("", tuning)],
    ["health", flat("", health)],
    ["limits", sorted(limits).flatMap(([service, l]) => flat(`${service}.`, l))],
    ["probe", probe === "default" ? [] : [probe]],
  ] as const;
  const texts = parts
    .filter(([, items]) => items.length > 0)
    .map(([name, items]) => `${name} ${items.join(", ")}`);
  return texts.length === 0 ? "none" : texts.join("; ");
};

/** Image IDs of the images both runs use that differ ("ref: sha…≠sha…"), or "" when all match. */
const imageDifference = (
  a: ConditionColumns,
  b: ConditionColumns,
): { baseline: string; value: string } | null => {
  const left = a.imageIds;
  const right = b.imageIds;
  if (left === null && right === null) return null;
  if (left === null || right === null)
    return {
      baseline: left === null ? NOT_RECORDED : "recorded",
      value: right === null ? NOT_RECORDED : "recorded",
    };
  const short = (id: string | null | undefined) => (id ? id.replace("sha256:", "").slice(0, 12) : "absent");
  const differing = Object.keys(left).filter((ref) => ref in right && left[ref] !== right[ref]);
  if (differing.length === 0) return null;
  return {
    baseline: differing.map((ref) => `${ref} ${short(left[ref])}`).join(", "),
    value: differing.map((ref) => `${ref} ${short(right[ref])}`).join(", "),
  };
};

/**
 * The conditions in which `run` differs from `baseline`. Fitted limits are compared only between
 * runs of the same compose file (other files write other limits); images only where both use them.
 */
export const conditionDifferences = ({
  baseline,
  run,
}: {
  baseline: ConditionColumns;
  run: ConditionColumns;
}): ConditionDifference[] => {
  const host = (r: ConditionColumns) =>
    r.hostCpus === null ? NOT_RECORDED : `${r.hostCpus} CPUs, ${formatBytes(r.hostMemoryBytes)}`;
  const pairs: [ConditionKey, string, string][] = [
    ["environment", environmentText(baseline), environmentText(run)],
    ["host", host(baseline), host(run)],
    ["engine", baseline.engineVersion ?? NOT_RECORDED, run.engineVersion ?? NOT_RECORDED],
    ["fitMode", baseline.fitMode ?? NOT_RECORDED, run.fitMode ?? NOT_RECORDED],
    ["fitScale", fitScaleText(baseline), fitScaleText(run)],
    ["dataState", dataText(baseline), dataText(run)],
  ];
  if (baseline.topologyHash !== null && baseline.topologyHash === run.topologyHash)
    pairs.push(["fitChanges", changesText(baseline), changesText(run)]);
  if (baseline.settings && run.settings)
    pairs.push(["overrides", overridesText(baseline.settings), overridesText(run.settings)]);
  const differences = pairs
    .filter(([, a, b]) => a !== b)
    .map(([key, a, b]) => ({ key, label: CONDITION_LABEL[key], baseline: a, value: b }));
  const images = imageDifference(baseline, run);
  return images ? [...differences, { key: "images", label: CONDITION_LABEL.images, ...images }] : differences;
};

/** The runs of a batch that differ from its first run, each with what differs (empty: all matched). */
export const batchMismatches = <T extends ConditionColumns & { id: string }>(
  runs: T[],
): { runId: string; differences: ConditionDifference[] }[] => {
  const [first, ...rest] = runs;
  if (!first) return [];
  return rest
    .map((run) => ({ runId: run.id, differences: conditionDifferences({ baseline: first, run }) }))
    .filter((m) => m.differences.length > 0);
};
