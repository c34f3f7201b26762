// A scale-up run: workers added to a running cluster, created, started and watched to ready like a
// deploy's services, then put behind the load balancer (generated upstream, `nginx -t`, graceful
// reload) and counted as added only once each answers a request THROUGH the load balancer. Its
// total — from the request to the last new node serving — is the node-addition time.
import type { Topology } from "@/lib/compose/types";
import { findProjectContainers } from "@/lib/docker/project-objects";
import { applyUpstream } from "./load-balancer/apply";
import { upstreamNode } from "./load-balancer/binding";
import { boundLoadBalancer, runningNodes } from "./load-balancer/bound";
import { requestServed } from "./load-balancer/served-by";
import { startDeploy, type StartDeployOptions, type StartedRun } from "./orchestrator";
import type { DeployPlan } from "./plan";
import { sleep, type RunContext } from "./run-context";
import type { WorkerClone } from "./worker-clone";

export type StartScaleOptions = Pick<
  StartDeployOptions,
  | "runId"
  | "probeIntervalMs"
  | "serviceTimeoutMs"
  | "env"
  | "fitScale"
  | "followLogs"
  | "settings"
  | "origin"
  | "conditions"
  | "policy"
> & {
  /** The topology as deployed (same fit and overrides). */
  topology: Topology;
  /** The workers to add (`workerClones` of that topology and the services already running). */
  clones: WorkerClone[];
  /** Folder of the load balancer's generated files (tests); the panel's data folder by default. */
  dataRoot?: string;
  /** How long the new nodes get to answer through the load balancer once it reloaded (ms). */
  serveTimeoutMs?: number;
};

const ADD_NODE_PHASE = "Add nodes";
/** How long new nodes get, by default, to answer through the reloaded load balancer. */
export const SERVE_TIMEOUT_MS = 30_000;

/** The id a node answers with: its NODE_ID, else its service name. */
const nodeIdOf = (clone: WorkerClone): string => clone.service.environment.NODE_ID ?? clone.service.name;

/** Polls the load balancer (a new connection each time) until every expected node has answered. */
const awaitServed = async ({
  ctx,
  url,
  expected,
  timeoutMs,
}: {
  ctx: RunContext;
  url: string;
  expected: Map<string, string>;
  timeoutMs: number;
}): Promise<Record<string, number>> => {
  const servedAt: Record<string, number> = {};
  const deadline = ctx.now() + timeoutMs;
  while (Object.keys(servedAt).length < expected.size) {
    ctx.signal.throwIfAborted();
    const answer = await requestServed({ url: `${url}/api/tags`, timeoutMs: 2_000 });
    const service = answer.node === null ? undefined : expected.get(answer.node);
    if (answer.ok && service && servedAt[service] === undefined) {
      servedAt[service] = ctx.now();
      ctx.log(`${service} answered through the load balancer at ${(servedAt[service] / 1000).toFixed(2)} s`);
    }
    if (ctx.now() > deadline)
      throw new Error(
        `${[...expected.values()].filter((s) => servedAt[s] === undefined).join(", ")} did not answer through ` +
          `the load balancer within ${timeoutMs / 1000} s`,
      );
    await sleep(ctx, 20);
  }
  return servedAt;
};

/** After the new nodes are ready: into the upstream, reload, and wait until each serves through it. */
const serveThroughLoadBalancer =
  ({
    topology,
    clones,
    dataRoot,
    serveTimeoutMs,
  }: Pick<StartScaleOptions, "topology" | "clones" | "dataRoot" | "serveTimeoutMs">) =>
  async ({ ctx, result }: Parameters<NonNullable<StartDeployOptions["afterReady"]>>[0]) => {
    const containers = await findProjectContainers({ project: topology.project });
    const found = await boundLoadBalancer({ project: topology.project, dataRoot, containers });
    if (!found.bound) {
      ctx.log(`the new nodes are not behind a load balancer: ${found.reason}`);
      return;
    }
    const { binding, container, url } = found.bound;
    const added = new Set(clones.map((c) => c.service.name));
    const before = runningNodes({ binding, containers }).filter((n) => !added.has(n.service));
    const nodes = [...before, ...clones.map((c) => upstreamNode(binding, c.service.name))];
    const applied = await applyUpstream({ binding, id: container.id, nodes, log: ctx.log });
    result.settings.upstream = applied.text;
    try {
      const servedAt = await awaitServed({
        ctx,
        url,
        expected: new Map(clones.map((c) => [nodeIdOf(c), c.service.name])),
        timeoutMs: serveTimeoutMs ?? SERVE_TIMEOUT_MS,
      });
      result.settings.servedThroughLoadBalancerMs = servedAt;
    } catch (error) {
      // Not serving: the load balancer goes back to the nodes it had before the run removes them.
      await applyUpstream({ binding, id: container.id, nodes: before, log: ctx.log }).catch(() => undefined);
      throw error;
    }
  };

/** Starts adding workers and returns at once; throws (bad_request, conflict) when it cannot start. */
export const startScale = (options: StartScaleOptions): StartedRun & { services: string[] } => {
  const { topology, clones, dataRoot, serveTimeoutMs, ...rest } = options;
  const names = clones.map((clone) => clone.service.name);
  // Only the new nodes and their own volumes; the networks are the running cluster's (reused).
  const added: Topology = {
    ...topology,
    services: clones.map((clone) => clone.service),
    volumes: clones.flatMap((clone) => clone.volumes),
    mountedReferences: {},
  };
  // Their dependencies (the leader) already run: nothing to wait for.
  const plan: DeployPlan = {
    strategy: "dag",
    phases: [{ name: ADD_NODE_PHASE, services: names }],
    steps: names.map((service) => ({ service, phase: 0, after: [] })),
    oneShots: [],
  };
  const started = startDeploy({
    ...rest,
    topology: added,
    strategy: "dag",
    kind: "scale",
    plan,
    latencyTarget: null,
    notes: clones.flatMap((clone) => [
      `adding ${clone.service.name}, a copy of ${clone.template}`,
      ...clone.notes,
    ]),
    settings: {
      direction: "up",
      count: clones.length,
      addedNode: names[0],
      addedNodes: names,
      copiedFrom: clones[0]?.template,
      ...rest.settings,
    },
    afterReady: serveThroughLoadBalancer({ topology, clones, dataRoot, serveTimeoutMs }),
  });
  return { ...started, services: names };
};
