// The running load balancer a deploy bound, found by label (also after a panel restart), and the
// nodes that run now — what every scale run and latency test starts from.
import { containerEndpoint } from "@/lib/docker/endpoints";
import { inspectContainer } from "@/lib/docker/containers";
import { findProjectContainers, type ProjectContainer } from "@/lib/docker/project-objects";
import { isNodeService, readBinding, upstreamNode, type LoadBalancerBinding } from "./binding";
import type { UpstreamNode } from "./upstream-config";

export type BoundLoadBalancer = {
  binding: LoadBalancerBinding;
  container: ProjectContainer;
  /** `http://host:port` the panel reaches it at (loopback or its container address). */
  url: string;
};

/**
 * The project's running load balancer when its container mounts the panel's generated upstream
 * (a cluster deployed some other way keeps its own file: null with the reason).
 */
export const boundLoadBalancer = async ({
  project,
  dataRoot,
  containers,
}: {
  project: string;
  dataRoot?: string;
  containers?: ProjectContainer[];
}): Promise<{ bound: BoundLoadBalancer } | { bound: null; reason: string }> => {
  const binding = readBinding({ project, dataRoot });
  if (!binding)
    return {
      bound: null,
      reason: `the panel has generated no load-balancer upstream for ${project} (deploy it from the panel first)`,
    };
  const all = containers ?? (await findProjectContainers({ project }));
  const container = all.find((c) => c.service === binding.service && c.state === "running");
  if (!container) return { bound: null, reason: `${binding.service} is not running` };
  const info = await inspectContainer({ id: container.id });
  const mounted = info?.Mounts.some((m) => m.Source === `${binding.dir}/upstream`) ?? false;
  if (!mounted)
    return {
      bound: null,
      reason: `${container.name} reads its own nginx file, not the panel's (deployed another way)`,
    };
  const url = await containerEndpoint({ id: container.id, port: binding.listenPort });
  if (!url) return { bound: null, reason: `${container.name} has no address the panel can reach` };
  return { bound: { binding, container, url } };
};

const numberOf = (name: string): number => Number(/(\d+)$/.exec(name)?.[1] ?? Number.MAX_SAFE_INTEGER);

/** The nodes among the project's running containers, weighted by role, in number order. */
export const runningNodes = ({
  binding,
  containers,
}: {
  binding: LoadBalancerBinding;
  containers: ProjectContainer[];
}): UpstreamNode[] =>
  containers
    .filter((c) => c.state === "running" && isNodeService(binding, c.service))
    .map((c) => upstreamNode(binding, c.service))
    .sort((a, b) => numberOf(a.service) - numberOf(b.service) || a.service.localeCompare(b.service));
