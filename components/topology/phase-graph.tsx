import type { TopologyAnalysis } from "@/lib/compose";
import { formatMs } from "@/lib/format";

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
                    {analysis.criticalPath.readyMs[service]?.source === "measured"
                      ? " (measured median)"
                      : ""}
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
        <span className="text-zinc-500">
          {" "}
          (each service weighted by its health-check start period, or the median measured in past runs)
        </span>
      </p>
    </div>
  );
};
