// When a Swarm service is started and ready. Started: every replica's task has a container
// (starting or running). Ready: the service's own health test passes inside every replica's
// container, run on the engine of the node the task runs on (as the single-engine deploy probes);
// without a check, every task running. A node the panel has no engine for counts when Swarm says
// running, which for a checked service means its health check passed (Swarm holds a task in
// "starting" until then). Docker-healthy: every task running by Swarm's own verdict.
import type { Service } from "@/lib/compose/types";
import { execHealthTest } from "@/lib/docker/exec";
import type { SwarmEngines } from "./engines";
import { engineOfTask, liveTasks, projectTasks, type TaskPlacement } from "./tasks";

const STARTED = new Set(["starting", "running"]);
const GAVE_UP = new Set(["rejected", "failed"]);
/** Failed or rejected tasks of a service (none up) before its deploy counts as failed. */
const MAX_REFUSED = 3;

export type WaitSwarmServiceOptions = {
  engines: SwarmEngines;
  project: string;
  service: Service;
  replicas: number;
  intervalMs: number;
  timeoutMs: number;
  /** Waits, or rejects when the run is aborted. */
  sleep: (ms: number) => Promise<void>;
  onStarted?: (tasks: TaskPlacement[]) => void;
};

/** Whether the service's health test passes in the task's container, on its node. */
const probeTask = async (engines: SwarmEngines, service: Service, task: TaskPlacement): Promise<boolean> => {
  if (!service.healthcheck) return task.state === "running";
  const engine = engineOfTask(engines, task);
  if (!engine || !task.containerId) return task.state === "running";
  const outcome = await execHealthTest({
    id: task.containerId,
    test: service.healthcheck.test,
    timeoutMs: service.healthcheck.timeoutMs,
    docker: engine,
  }).catch(() => null);
  return outcome?.kind === "exited" && outcome.exitCode === 0;
};

const why = (tasks: TaskPlacement[]): string =>
  tasks.length === 0
    ? "no task scheduled"
    : tasks.map((t) => `${t.node}: ${t.state}${t.error ? ` (${t.error})` : ""}`).join("; ");

/** Waits until the service is ready; returns its tasks then. Throws with the tasks' states on timeout. */
export const waitSwarmServiceReady = async (options: WaitSwarmServiceOptions): Promise<TaskPlacement[]> => {
  const { engines, project, service, replicas, intervalMs, timeoutMs, sleep } = options;
  const deadline = performance.now() + timeoutMs;
  let started = false;
  let last: TaskPlacement[] = [];
  while (performance.now() < deadline) {
    const all = await projectTasks({ manager: engines.manager, project, service: service.name });
    const tasks = liveTasks(all);
    // A task that failed and was replaced leaves its error on the old task: keep it for the message.
    last = tasks.length > 0 ? tasks : all.slice(0, 3);
    const up = tasks.filter((t) => STARTED.has(t.state) && t.containerId);
    // Swarm retries a task that cannot start (an image missing on the node, a mount that fails)
    // forever: after a few such attempts with none up, the run fails with their reason.
    const refused = all.filter((t) => GAVE_UP.has(t.state));
    if (up.length === 0 && refused.length >= MAX_REFUSED)
      throw new Error(`${service.name} cannot start on the swarm: ${why(refused.slice(0, MAX_REFUSED))}`);
    if (!started && up.length >= replicas) {
      started = true;
      options.onStarted?.(up);
    }
    if (started && up.length >= replicas) {
      const probes = await Promise.all(up.map((task) => probeTask(engines, service, task)));
      if (probes.every(Boolean)) return up;
    }
    await sleep(intervalMs);
  }
  throw new Error(`${service.name} was not ready within ${Math.round(timeoutMs / 1000)} s: ${why(last)}`);
};

/** Waits until Swarm reports every task of the service running (healthy, for a checked service). */
export const waitSwarmServiceHealthy = async (
  options: Omit<WaitSwarmServiceOptions, "onStarted">,
): Promise<TaskPlacement[]> => {
  const { engines, project, service, replicas, intervalMs, timeoutMs, sleep } = options;
  const deadline = performance.now() + timeoutMs;
  let last: TaskPlacement[] = [];
  while (performance.now() < deadline) {
    last = liveTasks(await projectTasks({ manager: engines.manager, project, service: service.name }));
    if (last.filter((t) => t.state === "running").length >= replicas) return last;
    await sleep(intervalMs);
  }
  throw new Error(
    `${service.name}: Swarm did not report every task healthy within ${Math.round(timeoutMs / 1000)} s: ${why(last)}`,
  );
};
