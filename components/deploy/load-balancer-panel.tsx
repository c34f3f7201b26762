"use client";
import type { ClusterScaleView } from "@/lib/operations/cluster-view";

/** The load balancer as it serves now: nodes with their weights and the generated nginx upstream. */
export const LoadBalancerPanel = ({ cluster }: { cluster: ClusterScaleView | null }) => {
  if (!cluster) return null;
  const lb = cluster.loadBalancer;
  const total = lb.bound ? lb.nodes.reduce((sum, n) => sum + n.weight, 0) : 0;
  return (
    <section aria-label="Load balancer" data-testid="load-balancer" className="space-y-2">
      <h2 className="text-base font-semibold">Load balancer</h2>
      {lb.bound ? (
        <>
          <p className="text-sm">
            {lb.service} sends requests to {lb.nodes.length} nodes by weight (leader {lb.weights.leader},
            workers {lb.weights.worker}):
          </p>
          <ul data-testid="load-balancer-nodes" className="flex flex-wrap gap-2 text-sm">
            {lb.nodes.map((node) => (
              <li key={node.service} className="rounded border border-zinc-300 px-2 dark:border-zinc-700">
                {node.service} · weight {node.weight} · {((100 * node.weight) / total).toFixed(1)} %
              </li>
            ))}
          </ul>
          <details>
            <summary className="cursor-pointer text-sm text-zinc-600 dark:text-zinc-400">
              Generated nginx upstream (checked with nginx -t, reloaded gracefully)
            </summary>
            <pre
              data-testid="load-balancer-upstream"
              className="mt-1 overflow-auto rounded bg-zinc-100 p-2 text-xs dark:bg-zinc-900"
            >
              {lb.upstream ?? "(not written yet)"}
            </pre>
          </details>
        </>
      ) : (
        <p className="text-sm text-zinc-500">{lb.reason}.</p>
      )}
    </section>
  );
};
