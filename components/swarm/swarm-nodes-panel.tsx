"use client";
import { useEffect, useState } from "react";
import { callApi } from "@/components/auth/api";
import { DataTable, rowClass } from "@/components/ui/data-table";
import { ErrorText } from "@/components/ui/alert";
import { formatBytes } from "@/lib/format";
import type { SwarmNodeView } from "@/lib/swarm";

const POLL_MS = 4000;

// `readAtMs`: when the answer came, so "since" is measured against the reading, not the render.
type Answer = { topology: string; nodes: SwarmNodeView[] | null; error: string | null; readAtMs: number };

/** How long ago an ISO time was, as a person reads it ("42 s ago", "3 min ago"). */
const ago = (iso: string, nowMs: number): string => {
  const seconds = Math.max(0, Math.round((nowMs - Date.parse(iso)) / 1000));
  if (Number.isNaN(seconds)) return iso;
  return seconds < 120 ? `${seconds} s ago` : `${Math.round(seconds / 60)} min ago`;
};

/** The swarm's nodes and the topology's tasks, from `/api/swarm/nodes`, every few seconds. */
const useSwarmNodes = (topology: string, environment: string) => {
  const [answer, setAnswer] = useState<Answer | null>(null);
  useEffect(() => {
    let live = true;
    const load = async () => {
      const reply = await callApi<SwarmNodeView[]>(
        `/api/swarm/nodes?topology=${encodeURIComponent(topology)}&environment=${encodeURIComponent(environment)}`,
      );
      if (!live) return;
      const readAtMs = Date.now();
      // After a failed poll the last view stays, with the error beside it.
      setAnswer((old) =>
        reply.ok
          ? { topology, nodes: reply.data, error: null, readAtMs }
          : {
              topology,
              nodes: old?.topology === topology ? old.nodes : null,
              error: reply.error.message,
              readAtMs: old?.readAtMs ?? readAtMs,
            },
      );
    };
    void load();
    const timer = setInterval(load, POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [topology, environment]);
  return answer?.topology === topology ? answer : { nodes: null, error: null, readAtMs: 0 };
};

const NodeCard = ({ node, nowMs }: { node: SwarmNodeView; nowMs: number }) => (
  <article
    data-testid="swarm-node"
    className="space-y-2 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800"
  >
    <header className="flex flex-wrap items-baseline gap-2 text-sm">
      <h3 className="font-medium">{node.hostname}</h3>
      <span className="text-zinc-500">
        {node.role} · {node.state} · {node.availability}
        {node.address ? ` · ${node.address}` : ""} · {node.cpus} CPUs · {formatBytes(node.memoryBytes)}
        {node.engine ? "" : " · no engine reachable (no task figures)"}
      </span>
    </header>
    {node.tasks.length === 0 ? (
      <p className="text-xs text-zinc-500">No task of this topology on this node.</p>
    ) : (
      <DataTable columns={["Service", "State", "Since", "CPU", "Memory"]}>
        {node.tasks.map((task) => (
          <tr key={task.task} className={rowClass}>
            <td className="py-1">
              {task.service}
              {task.slot === null ? "" : `.${task.slot}`}
            </td>
            <td title={task.error ?? undefined}>{task.state}</td>
            <td title={task.since}>{ago(task.since, nowMs)}</td>
            <td>{task.stats ? `${task.stats.cpuPercent.toFixed(1)} %` : "—"}</td>
            <td>{task.stats ? formatBytes(task.stats.memoryBytes) : "—"}</td>
          </tr>
        ))}
      </DataTable>
    )}
  </article>
);

/** The per-node view of a topology deployed as Swarm services: a card per node with its tasks. */
export const SwarmNodesPanel = ({ topology, environment }: { topology: string; environment: string }) => {
  const { nodes, error, readAtMs } = useSwarmNodes(topology, environment);
  return (
    <section
      data-testid="swarm-nodes-panel"
      className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h2 className="font-medium">Swarm nodes · {environment}</h2>
      <ErrorText error={error} testId="swarm-nodes-error" />
      {nodes === null ? (
        !error && <p className="text-sm text-zinc-500">Reading the swarm…</p>
      ) : (
        <div className="grid gap-3 lg:grid-cols-2">
          {nodes.map((node) => (
            <NodeCard key={node.id} node={node} nowMs={readAtMs} />
          ))}
        </div>
      )}
    </section>
  );
};
