import type { ParsedRun } from "@/lib/db/runs";
import { PROBE_MODE_CHOICES, runProbe } from "@/lib/runs/probe-settings";
import { unconfirmedText } from "@/lib/docker-confirmation";
import { formatBytes, formatCpus, formatMs } from "@/lib/format";

type Props = {
  run: Pick<
    ParsedRun,
    | "kind"
    | "fitMode"
    | "fitChanges"
    | "dataState"
    | "dataItems"
    | "imageIds"
    | "preparationMs"
    | "readyMs"
    | "dockerHealthyMs"
    | "settings"
  >;
  /** A Swarm deploy's line: its limits were fitted to the smallest node (lib/runs/run-page-model.ts). */
  swarmFit?: string | null;
  /** A Swarm deploy's loopback ports it did not publish (null: none, or not Swarm). */
  swarmPorts?: string | null;
};

const FIT_MODE_MEANING: Record<string, string> = {
  clamp: "only limits above the host lowered to it",
  proportional: "all limits scaled by one factor: the topology on a host of its own size",
  none: "limits as written",
};

const valueText = (field: string, value: number | null) =>
  value === null ? "none" : field.startsWith("cpus") ? formatCpus(value) : formatBytes(value);

/** A run's three clocks, fit mode with each changed limit, data state per item and image IDs. */
export const RunConditions = ({ run, swarmFit = null, swarmPorts = null }: Props) => {
  if (run.kind === "teardown") return null;
  const { fitChanges, dataItems, imageIds } = run;
  const probe = runProbe(run.settings);
  return (
    <section className="space-y-3" data-testid="run-conditions">
      <dl className="grid grid-cols-1 gap-3 md:grid-cols-3">
        {[
          ["Preparation (request → first container created)", run.preparationMs, "clock-preparation"],
          ["Ready (request → all ready by their health commands)", run.readyMs, "clock-ready"],
          ["Healthy (request → all healthy by Docker)", run.dockerHealthyMs, "clock-docker-healthy"],
        ].map(([label, value, testId]) => (
          <div key={String(testId)}>
            <dt className="text-xs text-zinc-500">{label}</dt>
            <dd className="text-sm font-medium" data-testid={String(testId)}>
              {value !== null
                ? formatMs(value as number)
                : testId === "clock-docker-healthy" && run.readyMs !== null
                  ? unconfirmedText(run.settings)
                  : "not recorded"}
            </dd>
          </div>
        ))}
      </dl>
      <div className="text-sm">
        <p data-testid="run-fit-mode">
          <span className="text-zinc-500">Fit mode:</span> {run.fitMode ?? "not recorded"}
          {run.fitMode && FIT_MODE_MEANING[run.fitMode] ? ` (${FIT_MODE_MEANING[run.fitMode]})` : ""}
          {fitChanges && ` · ${fitChanges.length} limit(s) changed`}
        </p>
        {swarmFit && (
          <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="run-swarm-fit">
            {swarmFit}
          </p>
        )}
        {swarmPorts && (
          <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="run-swarm-ports">
            {swarmPorts}
          </p>
        )}
        {fitChanges && fitChanges.length > 0 && (
          <table className="mt-1 w-full text-left text-xs" data-testid="fit-changes">
            <thead className="text-zinc-500">
              <tr>
                <th>Service</th>
                <th>Field</th>
                <th>Written</th>
                <th>Applied</th>
                <th>Why</th>
              </tr>
            </thead>
            <tbody>
              {fitChanges.map((c) => (
                <tr key={`${c.service}-${c.field}`} className="border-t border-zinc-200 dark:border-zinc-800">
                  <td>{c.service}</td>
                  <td>{c.field}</td>
                  <td>{valueText(c.field, c.written)}</td>
                  <td>{valueText(c.field, c.applied)}</td>
                  <td>{c.why}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <p className="text-sm" data-testid="run-probe">
        <span className="text-zinc-500">Readiness probe:</span>{" "}
        {probe
          ? `${PROBE_MODE_CHOICES[probe.mode].label}${probe.intervalMs === null ? "" : `, every ${probe.intervalMs} ms`}`
          : "not recorded"}
      </p>
      <div className="text-sm">
        <p data-testid="run-data-state">
          <span className="text-zinc-500">Data state:</span> {run.dataState ?? "not recorded"}
        </p>
        {dataItems && dataItems.length > 0 && (
          <ul className="text-xs text-zinc-600 dark:text-zinc-400">
            {dataItems.map((item) => (
              <li key={`${item.kind}-${item.name}`}>
                {item.kind} {item.name} ({item.services.join(", ")}): {item.state}, {item.detail}
              </li>
            ))}
          </ul>
        )}
      </div>
      {imageIds && (
        <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="run-image-ids">
          Images:{" "}
          {Object.entries(imageIds)
            .map(([ref, id]) => `${ref} ${id ? id.replace("sha256:", "").slice(0, 12) : "absent"}`)
            .join(" · ")}
        </p>
      )}
    </section>
  );
};
