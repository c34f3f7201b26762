import type { Topology, TopologyAnalysis } from "@/lib/compose";

/** One box per network with its subnet; dual-homed services appear in each box they bridge. */
export const NetworkDiagram = ({
  topology,
  analysis,
}: {
  topology: Topology;
  analysis: TopologyAnalysis;
}) => {
  const bridges = new Map(analysis.dualHomed.map((d) => [d.service, d.networks]));
  return (
    <div className="grid gap-4 md:grid-cols-3" data-testid="network-diagram">
      {analysis.networks.map((network) => (
        <section
          key={network.name}
          className="rounded-lg border border-sky-300 bg-sky-50/50 p-3 dark:border-sky-800 dark:bg-sky-950/30"
        >
          <h3 className="text-sm font-semibold">{network.name}</h3>
          <p className="mb-2 font-mono text-xs text-zinc-500">
            {network.subnets.join(", ") || "subnet chosen by Docker"} · {network.dockerName}
          </p>
          <ul className="flex flex-wrap gap-1.5">
            {network.members.map((service) => {
              const other = bridges.get(service)?.filter((n) => n !== network.name);
              return (
                <li
                  key={service}
                  className={`rounded px-2 py-0.5 text-xs ${other ? "border border-amber-400 bg-amber-50 dark:bg-amber-950/40" : "bg-white dark:bg-zinc-800"}`}
                  title={other ? `also on ${other.join(", ")}` : undefined}
                >
                  {service}
                  {other && (
                    <span className="ml-1 text-amber-700 dark:text-amber-400">↔ {other.join(", ")}</span>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
      {topology.networks.length === 0 && <p className="text-sm text-zinc-500">No networks declared.</p>}
    </div>
  );
};
