import type { TopologyAnalysis } from "@/lib/compose";

/** Needs that no shared network can satisfy, shown rather than hidden (e.g. Prometheus ↛ postgres). */
export const ReachabilityList = ({ analysis }: { analysis: TopologyAnalysis }) => {
  const blocked = analysis.reachability.filter((fact) => !fact.reachable);
  const isolated = analysis.isolation.filter((i) => i.unreachable.length > 0);
  return (
    <div className="space-y-2 text-sm" data-testid="reachability">
      {blocked.length === 0 ? (
        <p className="text-emerald-700 dark:text-emerald-400">
          Every dependency and name reference shares a network with its target.
        </p>
      ) : (
        <ul className="space-y-1">
          {blocked.map((fact) => (
            <li key={`${fact.from}-${fact.to}`} className="text-amber-700 dark:text-amber-400">
              {fact.from} cannot reach {fact.to} (
              {fact.reason === "depends_on" ? "depends_on" : "named in its configuration"}): they share no
              network.
            </li>
          ))}
        </ul>
      )}
      {isolated.length > 0 && (
        <details open className="text-zinc-600 dark:text-zinc-400">
          <summary>Who shares no network with whom</summary>
          <ul>
            {isolated.map((i) => (
              <li key={i.service}>
                {i.service}: {i.unreachable.join(", ")}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
};
