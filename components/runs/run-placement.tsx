import { storedPlacement } from "@/lib/runs/stored-placement";

/** A Swarm run's tasks by node: which service ran where, its state and since when (stored at the verdict). */
export const RunPlacement = ({ settings }: { settings: Record<string, unknown> }) => {
  const nodes = storedPlacement(settings);
  if (!nodes) return null;
  return (
    <section className="space-y-2" data-testid="run-placement">
      <h2 className="text-lg font-semibold">Placement on the swarm ({nodes.length} nodes)</h2>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {nodes.map(({ node, tasks }) => (
          <div key={node} className="rounded border border-zinc-200 p-3 dark:border-zinc-800">
            <h3 className="font-medium">
              {node} <span className="text-xs text-zinc-500">{tasks.length} task(s)</span>
            </h3>
            <ul className="mt-1 space-y-0.5 text-sm">
              {tasks.map((t) => (
                <li key={`${t.service}-${t.since}`}>
                  {t.service} · {t.state}{" "}
                  <span className="text-xs text-zinc-500">
                    since {new Date(t.since).toISOString().slice(11, 19)} UTC
                  </span>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </section>
  );
};
