// The stats hub's collectors on one engine: one per running container of a watched project, from
// its cgroup when the kernel can be read here, else from Docker's stream; started and stopped as
// the project's container list and Docker's events say.
import type Docker from "dockerode";
import { projectFilter, serviceLabelOf } from "@/lib/docker/labels";
import {
  kernelAccessFor,
  startContainerCollector,
  type ContainerCollector,
  type KernelAccess,
} from "./collector";
import type { ProjectState } from "./hub-project";

export type HubCollectors = {
  /** Starts reading a container of the project unless it is read already. */
  start: (state: ProjectState, container: { containerId: string; name: string; service: string }) => void;
  /** Stops reading a container (only that collector, when given: a newer one stays). */
  stop: (state: ProjectState, containerId: string, only?: ContainerCollector) => void;
  /** Lists the project's running containers: starts what is missing, stops what is gone. */
  reconcile: (project: string) => Promise<void>;
  /** Docker stats streams open now. */
  openStreams: () => number;
  /** The kernel's access, once it was first needed (null before). */
  kernel: () => KernelAccess | null;
};

export const createHubCollectors = ({
  docker,
  source,
  stateOf,
}: {
  docker: Docker;
  source: "auto" | "docker";
  /** The watched project's state, or undefined once nobody watches it. */
  stateOf: (project: string) => ProjectState | undefined;
}): HubCollectors => {
  let openStreams = 0;
  let kernel: KernelAccess | null = null; // found when first needed, kept for the hub's life
  const kernelReader = () => {
    if (source === "docker") return null;
    kernel ??= kernelAccessFor(docker);
    return kernel.reader;
  };

  const stop: HubCollectors["stop"] = (state, containerId, only) => {
    const collector = state.collectors.get(containerId);
    if (!collector || (only && collector !== only)) return;
    collector.close();
    state.collectors.delete(containerId);
    state.pending.delete(containerId);
  };

  const start: HubCollectors["start"] = (state, container) => {
    const { containerId } = container;
    if (state.collectors.has(containerId)) return;
    const collector: ContainerCollector = startContainerCollector({
      docker,
      kernel: kernelReader(),
      container,
      onSample: (sample) => void state.pending.set(containerId, sample),
      onClosed: () => stop(state, containerId, collector),
      onStream: (delta) => void (openStreams += delta),
    });
    state.collectors.set(containerId, collector);
  };

  const reconcile: HubCollectors["reconcile"] = async (project) => {
    // Only collectors that existed before the list was asked for may be stopped for missing from
    // it: one started by an event meanwhile belongs to a container the (older) list cannot show.
    const before = new Set(stateOf(project)?.collectors.values());
    const running = await docker
      .listContainers({ filters: { ...projectFilter(project), status: ["running"] } })
      .catch(() => null);
    const state = stateOf(project);
    if (!running || !state) return;
    const ids = new Set(running.map((c) => c.Id));
    for (const [id, collector] of [...state.collectors])
      if (!ids.has(id) && before.has(collector)) stop(state, id, collector);
    for (const c of running) {
      const name = (c.Names[0] ?? c.Id.slice(0, 12)).replace(/^\//, "");
      start(state, { containerId: c.Id, name, service: serviceLabelOf(c.Labels) ?? name });
    }
  };

  return { start, stop, reconcile, openStreams: () => openStreams, kernel: () => kernel };
};
