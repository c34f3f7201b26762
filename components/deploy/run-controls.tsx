"use client";
import { useState } from "react";
import { callApi } from "@/components/auth/api";
import type { RunSnapshot } from "@/lib/deploy/browser-types";
import type { ClusterScaleView } from "@/lib/operations/cluster-view";

/**
 * Cancel (while a deploy or scale runs), Add a worker node (to a healthy cluster) and Tear down
 * (whenever something is deployed or being deployed), each disabled with its reason.
 * `deployedContainers`: the topology's containers Docker reports now (null until known).
 */
export const RunControls = ({
  topology,
  run,
  deployedContainers,
  onStarted,
  cluster = null,
  environment,
  swarmManager = false,
}: {
  topology: string;
  /** The environment the dashboard shows (undefined: the panel's own engine). */
  environment?: string;
  /** Whether that environment is a Swarm manager: then Tear down can remove Swarm services. */
  swarmManager?: boolean;
  run: RunSnapshot | null;
  deployedContainers: number | null;
  onStarted: (runId: string) => void;
  /** The running cluster as Docker and the stored runs say (also right after a panel restart). */
  cluster?: ClusterScaleView | null;
}) => {
  const [error, setError] = useState<string | null>(null);
  const [count, setCount] = useState(1);
  // Tear down what the latest run deployed (its settings say "swarm" for Swarm services) unless the
  // person chose otherwise, e.g. after a panel restart that forgot the run.
  const [swarmChoice, setSwarmChoice] = useState<boolean | null>(null);
  // Unticked: the named volumes (the cluster's data) stay, on one engine and on every Swarm node.
  const [removeVolumes, setRemoveVolumes] = useState(false);
  const swarmTarget = swarmManager && (swarmChoice ?? run?.result?.settings.target === "swarm");
  const inFlight = run !== null && run.result === null;
  // A person can stop at any moment: Cancel works until the run is over (after "healthy" it ends
  // the wait for Docker's confirmation), and Tear down also stops a deploy or scale in flight.
  const confirming = inFlight && run.outcome === "healthy";
  const cancelReason = !inFlight
    ? "no deploy is running"
    : run.kind === "teardown"
      ? "a teardown cannot be cancelled"
      : run.outcome !== null && !confirming
        ? `the deploy is already ${run.outcome}`
        : null;
  // Swarm tasks may all run on other nodes: this engine's containers do not tell what is deployed.
  const nothingDeployed = swarmTarget
    ? null
    : deployedContainers === null
      ? "checking what runs…"
      : deployedContainers === 0
        ? `nothing of ${topology} is deployed`
        : null;
  const teardownReason = inFlight
    ? run.kind === "teardown"
      ? "a teardown is running"
      : null
    : nothingDeployed;
  // Docker's view wins: a cluster deployed before a panel restart can be scaled without a new deploy.
  const clusterRuns = cluster
    ? cluster.runningServices.length > 0
    : run?.kind !== "teardown" && run?.result?.status === "healthy";
  // Once the run reads healthy a scale may follow at once: it ends the wait for Docker's confirmation.
  const scaleReason =
    inFlight && !confirming
      ? "wait for the current run to finish"
      : (nothingDeployed ?? (clusterRuns ? null : "deploy the cluster first"));
  const removeReason =
    scaleReason ??
    (cluster && cluster.workers.length < count
      ? `only ${cluster.workers.length} worker node${cluster.workers.length === 1 ? "" : "s"} run (the leader stays)`
      : null);
  const cancel = async () => {
    if (!run) return;
    const answer = await callApi(`/api/runs/${run.runId}/cancel`, { method: "POST" });
    setError(answer.ok ? null : answer.error.message);
  };
  const teardown = async () => {
    const where = swarmTarget ? "on every Swarm node the panel reaches" : "on this engine";
    if (removeVolumes && !window.confirm(`Tear ${topology} down and delete its named volumes ${where}?`))
      return;
    const answer = await callApi<{ runId: string }>("/api/teardown", {
      body: { topology, removeVolumes, environment, ...(swarmTarget ? { target: "swarm" } : {}) },
    });
    if (answer.ok) onStarted(answer.data.runId);
    setError(answer.ok ? null : answer.error.message);
  };
  const addNode = async () => {
    const answer = await callApi<{ runId: string }>("/api/scale", {
      body: { topology, direction: "up", count, environment },
    });
    if (answer.ok) onStarted(answer.data.runId);
    setError(answer.ok ? null : answer.error.message);
  };
  const removeNode = async () => {
    const answer = await callApi<{ runId: string }>("/api/scale", {
      body: { topology, direction: "down", count, environment },
    });
    if (answer.ok) onStarted(answer.data.runId);
    setError(answer.ok ? null : answer.error.message);
  };
  const button = "rounded px-3 py-1 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-50";
  return (
    <div className="flex flex-wrap items-center gap-3">
      <button
        type="button"
        onClick={cancel}
        disabled={cancelReason !== null}
        title={
          cancelReason ??
          (confirming
            ? "Stop waiting for Docker to confirm the health checks (the cluster keeps running)"
            : "Cancel the run; what it created is removed")
        }
        className={`${button} border border-zinc-400`}
      >
        Cancel
      </button>
      <button
        type="button"
        onClick={addNode}
        disabled={scaleReason !== null}
        title={
          scaleReason ??
          "Adds workers, copies of the last one; each counts once it answers through the load balancer (the node-addition time)"
        }
        className={`${button} border border-emerald-600 text-emerald-700 dark:text-emerald-400`}
      >
        Add worker node
      </button>
      <button
        type="button"
        onClick={removeNode}
        disabled={removeReason !== null}
        title={
          removeReason ??
          "Drains the highest-numbered workers from the load balancer, then stops and removes them"
        }
        className={`${button} border border-amber-600 text-amber-700 dark:text-amber-400`}
      >
        Remove worker node
      </button>
      <label className="text-sm">
        nodes{" "}
        <select
          aria-label="Nodes to add or remove"
          value={count}
          disabled={scaleReason !== null}
          onChange={(e) => setCount(Number(e.target.value))}
          className="rounded border border-zinc-300 bg-transparent px-1 dark:border-zinc-700"
        >
          {[1, 2, 3, 4].map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
      </label>
      <button
        type="button"
        onClick={teardown}
        disabled={teardownReason !== null}
        title={
          teardownReason ??
          (inFlight ? `Stop the ${run.kind} in flight and tear ${topology} down` : `Tear ${topology} down`)
        }
        className={`${button} bg-red-600 text-white`}
      >
        Tear down
      </button>
      <label
        className="flex items-center gap-1 text-sm"
        title="Also delete the topology's named volumes (their data); unticked they are kept"
      >
        <input
          type="checkbox"
          checked={removeVolumes}
          disabled={teardownReason !== null}
          onChange={(e) => setRemoveVolumes(e.target.checked)}
        />{" "}
        remove volumes
      </label>
      {swarmManager && (
        <label className="flex items-center gap-1 text-sm" title="Remove the topology's Swarm services">
          <input type="checkbox" checked={swarmTarget} onChange={(e) => setSwarmChoice(e.target.checked)} />{" "}
          Swarm services
        </label>
      )}
      <span className="text-xs text-zinc-500" data-testid="run-controls-reason">
        {confirming
          ? "waiting for Docker to confirm the health checks: Cancel stops waiting; scaling and Tear down work now"
          : cancelReason === null
            ? teardownReason
            : (nothingDeployed ?? "")}
      </span>
      {error && (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      )}
    </div>
  );
};
