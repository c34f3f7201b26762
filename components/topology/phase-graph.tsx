import { describeReadyWeight } from "@/lib/compose/ready-weights";
import type { ReadyWeight, TopologyAnalysis } from "@/lib/compose";
import { formatMs } from "@/lib/format";

const SHORT: Record<ReadyWeight["source"], string> = {
  measured: "measured",
  measured_run: "job, measured",
  start_period: "start_period",
  interval: "interval",
  job_unmeasured: "job, not measured",
  no_healthcheck: "no health check",
};

const weightNote = (weight: ReadyWeight | undefined) =>
  weight ? ` (${SHORT[weight.source]}${weight.runs !== undefined ? `, n=${weight.runs}` : ""})` : "";

/** Phases left to right, each service with what it waits for; the critical path is highlighted. */
export const PhaseGraph = ({ analysis }: { analysis: TopologyAnalysis }) => {
  const critical = new Set(analysis.criticalPath.services);
  const waitsFor = (service: string) => analysis.relationships.edges.filter((e) => e.from === service);
  return (
    <div className="space-y-2">
      <ol
        className="grid gap-3"
        style={{ gridTemplateColumns: `repeat(${Math.max(1, analysis.phases.length)}, minmax(0, 1fr))` }}
        data-testid="phase-graph"
      >
        {analysis.phases.map((phase, index) => (
          <li key={phase.name} className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
            <h3 className="text-sm font-semibold">
              {index + 1}. {phase.name}
            </h3>
            <ul className="mt-2 space-y-1.5">
              {phase.services.map((service) => (
                <li
                  key={service}
                  className={`rounded px-2 py-1 text-xs ${critical.has(service) ? "bg-rose-100 font-medium dark:bg-rose-950/50" : "bg-zinc-100 dark:bg-zinc-800"}`}
                >
                  {service}{" "}
                  <span className="text-zinc-500">
                    · level {analysis.levels[service]} · ready ≈{" "}
                    {formatMs(analysis.criticalPath.readyMs[service]?.ms)}
                    {weightNote(analysis.criticalPath.readyMs[service])}
                  </span>
                  {waitsFor(service).map((edge) => (
                    <div key={edge.to} className="text-zinc-500">
                      ← {edge.to} ({edge.condition.replace("service_", "")})
                    </div>
                  ))}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
      <p className="text-sm" data-testid="critical-path">
        Critical path (highlighted): {analysis.criticalPath.services.join(" → ")} · expected{" "}
        {formatMs(analysis.criticalPath.totalMs)}
      </p>
      <p className="text-xs text-zinc-500">
        Each service weighs its expected ready time; a service starts when its dependencies meet their
        condition (healthy or completed: ready; started: running, after at most the 2 s start cost).
      </p>
      <table className="text-xs" data-testid="critical-path-weights">
        <thead>
          <tr className="text-left">
            <th className="pr-3">Service</th>
            <th className="pr-3">Starts at</th>
            <th className="pr-3">Weight</th>
            <th className="pr-3">Ready at</th>
            <th>Weight from</th>
          </tr>
        </thead>
        <tbody>
          {analysis.criticalPath.links.map((link) => {
            const weight = analysis.criticalPath.readyMs[link.service];
            return (
              <tr key={link.service}>
                <td className="pr-3">{link.service}</td>
                <td className="pr-3">{formatMs(link.startMs)}</td>
                <td className="pr-3">{formatMs(weight?.ms)}</td>
                <td className="pr-3">{formatMs(link.readyMs)}</td>
                <td>{weight ? describeReadyWeight(weight) : ""}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
};
