// The run's timings checked: Docker's clock against the panel's, and the measured critical path
// beside the static one from the compose file. Server component (plain props, no state).
import type { ClockDifference } from "@/lib/runs/clock-agreement";
import type { RunCriticalPath } from "@/lib/runs/run-critical-path";
import { formatMs } from "@/lib/format";

const CLOCK_LABEL: Record<ClockDifference["clock"], string> = {
  created: "Created (panel after create ↔ Docker create event)",
  started: "Started (panel after start ↔ Docker start event)",
  healthy: "Healthy (panel's poll of Docker health ↔ Docker health_status event)",
};

const signedMs = (ms: number): string => `${ms > 0 ? "+" : ms < 0 ? "−" : "±"}${Math.abs(ms).toFixed(1)} ms`;

export type RunRefereeProps = {
  clocks: ClockDifference[];
  path: RunCriticalPath | null;
  staticPath: { services: string[]; totalMs: number } | null;
  totalMs: number | null;
};

export const RunReferee = ({ clocks, path, staticPath, totalMs }: RunRefereeProps) => (
  <section className="grid gap-4 md:grid-cols-2">
    <div className="space-y-2" data-testid="docker-clock">
      <h2 className="text-lg font-semibold">Docker&apos;s clock</h2>
      <p className="text-xs text-zinc-500">
        Largest difference per clock between the panel&apos;s mark and Docker&apos;s own event (collected live
        during the run); positive: the panel noted it later.
      </p>
      <table className="w-full text-left text-sm">
        <tbody>
          {clocks.map((c) => (
            <tr key={c.clock} className="border-t border-zinc-200 dark:border-zinc-800">
              <td className="py-1">{CLOCK_LABEL[c.clock]}</td>
              <td className="font-medium">{c.differenceMs === null ? "—" : signedMs(c.differenceMs)}</td>
              <td className="text-zinc-500">
                {c.service ? `${c.service} · ${c.compared} services compared` : "no Docker events stored"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
    <div className="space-y-2" data-testid="measured-critical-path">
      <h2 className="text-lg font-semibold">Critical path, measured</h2>
      {path ? (
        <>
          <ol className="space-y-1 text-sm">
            {path.links.map((link) => (
              <li key={link.service}>
                <span className="font-medium">{link.service}</span>{" "}
                <span className="text-zinc-500">
                  {link.waitedFor
                    ? `waited for ${link.waitedFor} (${link.until}, at ${formatMs(link.releasedAtMs)})`
                    : "waited for nothing"}
                  {" · "}own create → ready {formatMs(link.ownMs)}
                </span>
              </li>
            ))}
          </ol>
          <p className="text-sm">
            Bound (each link from its create to releasing the next, summed):{" "}
            <strong>{formatMs(path.boundMs)}</strong> · the run took {formatMs(totalMs)}
            {path.ratio !== null && (
              <>
                {" "}
                = <strong>×{path.ratio.toFixed(2)}</strong> the bound
              </>
            )}
            {path.source === "current_file" && " (plan from the compose file as it is now)"}
          </p>
        </>
      ) : (
        <p className="text-sm text-zinc-500">Not available: the run did not bring every service to ready.</p>
      )}
      {staticPath && (
        <p className="text-sm text-zinc-500">
          Static analysis of the file: {staticPath.services.join(" → ")} · expected{" "}
          {formatMs(staticPath.totalMs)}
        </p>
      )}
    </div>
  </section>
);
