// What the dashboard needs to scale and test a running cluster, read from Docker by label and from
// the stored runs — so a restarted panel finds the cluster, its load balancer and its latest run
// without a new deploy.
import { latestLatencyTest, latestRun } from "@/lib/db/runs";
import { clusterStatus, type ClusterStatus, type LatencyTestReport } from "@/lib/deploy";
import { storedEnvironmentId } from "./environments";
import { findLoadBalancer, readUpstream } from "@/lib/deploy/load-balancer/binding";
import { boundLoadBalancer, runningNodes } from "@/lib/deploy/load-balancer/bound";
import { isWorkerOf } from "@/lib/deploy/worker-clone";
import { engineUnreachable } from "@/lib/docker/docker-error";
import { findProjectContainers } from "@/lib/docker/project-objects";
import { loadPanelTopology } from "@/lib/catalog/topologies";
import { replicasForDisplay } from "@/lib/compose/replicas";
import type { Topology } from "@/lib/compose/types";
import { AppError } from "@/lib/errors";

export type ClusterScaleView = {
  project: string;
  /** What runs, by service, from Docker (the status table). */
  status: ClusterStatus;
  /** Containers of the project that run now. */
  runningServices: string[];
  /** Running workers (what "Remove" can take away; the leader stays). */
  workers: string[];
  loadBalancer:
    | {
        bound: true;
        service: string;
        weights: { leader: number; worker: number };
        nodes: { service: string; weight: number }[];
        upstream: string | null;
      }
    | { bound: false; reason: string };
  latestRun: { id: string; kind: string; status: string; startedAt: string; totalMs: number | null } | null;
  latestLatencyTest: LatencyTestReport | null;
};

/**
 * Why no load balancer is shown, in words that stay true before a deploy: a topology that has one
 * (the optimized file's nginx) is "not deployed", never said to lack it.
 */
export const loadBalancerAbsence = async ({
  topologyName,
  topology,
  running,
  found,
}: {
  topologyName: string;
  topology: Pick<Topology, "services" | "dir">;
  /** Containers of the project that run now. */
  running: number;
  found: { reason: string };
}): Promise<string> => {
  const balancer = (await findLoadBalancer(topology))?.service.name ?? null;
  if (balancer === null)
    return `${topologyName} has no load balancer (no service mounts an nginx file whose upstream names its services)`;
  if (running === 0) return `${balancer} is not running: nothing of ${topologyName} is deployed`;
  return found.reason;
};

/** The topology's running cluster as the dashboard's scale and latency controls need it. */
export const clusterScaleView = async ({
  topologyName,
}: {
  topologyName: string;
}): Promise<ClusterScaleView> => {
  // For display: a cluster is found even when a secret its deploy needs is missing now.
  const loaded = await loadPanelTopology({ name: topologyName, forDisplay: true });
  if (!loaded?.result.ok)
    throw new AppError(
      "not_found",
      `No loadable topology "${topologyName}": pass ?topology=<folder under topologies/>.`,
    );
  const topology = loaded.result.topology;
  const project = topology.project;
  const containers = await findProjectContainers({ project }).catch(engineUnreachable);
  const running = containers.filter((c) => c.state === "running");
  // Replicas run as services of their own (worker-1, worker-2, …): the workers are those.
  const isWorker = isWorkerOf(replicasForDisplay({ topology }));
  const found = await boundLoadBalancer({ project, containers }).catch(engineUnreachable);
  // Runs of this project on the caller's environment (the same project may run on another engine).
  const environmentId = storedEnvironmentId();
  const [run, latency, status] = await Promise.all([
    latestRun({ project, environmentId }),
    latestLatencyTest({ project, environmentId }),
    clusterStatus({ project, containers }).catch(engineUnreachable),
  ]);
  return {
    project,
    status,
    runningServices: running.map((c) => c.service).sort(),
    workers: running.map((c) => c.service).filter(isWorker),
    loadBalancer: found.bound
      ? {
          bound: true,
          service: found.bound.binding.service,
          weights: found.bound.binding.weights,
          nodes: runningNodes({ binding: found.bound.binding, containers }),
          upstream: readUpstream(found.bound.binding),
        }
      : {
          bound: false,
          reason: await loadBalancerAbsence({ topologyName, topology, running: running.length, found }),
        },
    latestRun: run
      ? {
          id: run.id,
          kind: run.kind,
          status: run.status,
          startedAt: run.startedAt.toISOString(),
          totalMs: run.totalMs,
        }
      : null,
    latestLatencyTest: latency,
  };
};
