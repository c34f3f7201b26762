// Deploy and teardown with Swarm as the target (request `target: "swarm"`): the request's
// environment must be a swarm manager; each node's engine is the environment named after the
// node's hostname, when one is added (readiness probes and live stats need it; without it a node
// is still deployed to, read from Swarm's task states). Limits are fitted to the smallest node:
// every task must fit on one node (stored as settings.fitTo, shown on the run page). Ports are
// Swarm's (its routing mesh), so the single-engine preflight of host ports does not apply; loopback
// ports are not published, one-address ports refused (lib/swarm/published-ports.ts). Profiles
// pick the services as on an engine; "start from empty data" is refused (swarm-options.ts).
import type Docker from "dockerode";
import type { Actor } from "@/lib/auth/principal";
import { fitTopology, type Topology } from "@/lib/compose";
import { startupLayoutOf } from "@/lib/compose/service-roles";
import { recordAudit } from "@/lib/db/audit";
import { findEnvironment } from "@/lib/db/environments";
import { planDeploy, type RunResult } from "@/lib/deploy";
import { requestOrigin } from "@/lib/deploy/run-context";
import { assertSecrets } from "@/lib/deploy/secrets";
import { AppError } from "@/lib/errors";
import { registerRunRedactor } from "@/lib/secrets/run-redactors";
import {
  assertSwarmPublishable,
  enginesByHostname,
  scaleSwarmService,
  startSwarmDeploy,
  startSwarmTeardown,
  swarmDataState,
  swarmManagerState,
  swarmProjectVolumes,
  swarmNodeView,
  type SwarmEngines,
  type SwarmNodeView,
} from "@/lib/swarm";
import {
  applyHealthOverrides,
  applyLimitOverrides,
  assertProfilesDeclared,
  type TDeployRequest,
} from "./deploy-settings";
import { composeFilesOf } from "@/lib/compose/project-files";
import { auditDeployStart, loadOrExplain } from "./deploy-start";
import { engineFor, environmentSettings, withEnvironment } from "./environments";
import { assertDeployAllowed } from "./policy";
import { newRunId } from "./run-id";
import { assertSwarmDeployOptions } from "./swarm-options";
import { loadPanelTopology } from "@/lib/catalog/topologies";

type RawNode = {
  ID: string;
  Description?: { Hostname?: string; Resources?: { NanoCPUs?: number; MemoryBytes?: number } };
};

/** The swarm behind an environment: its manager and the node environments the panel has. */
export const swarmEnginesOf = async (environment: string | null | undefined): Promise<SwarmEngines> => {
  const manager = await engineFor(environment);
  const state = await swarmManagerState(manager).catch((error: unknown) => ({
    ok: false as const,
    why: `its engine does not answer (${error instanceof Error ? error.message : String(error)})`,
  }));
  if (!state.ok)
    throw new AppError(
      "bad_request",
      `target: "swarm" needs a swarm manager as the environment; ${state.why}`,
      {
        field: "target",
      },
    );
  const nodes: Record<string, Docker> = {};
  for (const node of (await manager.listNodes()) as RawNode[]) {
    const hostname = node.Description?.Hostname;
    if (hostname && (await findEnvironment(hostname))) nodes[hostname] = await engineFor(hostname);
  }
  return enginesByHostname({ manager, nodes });
};

/** The smallest node's CPUs and memory: the most one task can be given. */
const smallestNode = async (manager: Docker) => {
  const nodes = (await manager.listNodes()) as RawNode[];
  const cpus = Math.min(...nodes.map((n) => (n.Description?.Resources?.NanoCPUs ?? 0) / 1e9));
  const memoryBytes = Math.min(...nodes.map((n) => n.Description?.Resources?.MemoryBytes ?? 0));
  return { cpus, memoryBytes, nodes: nodes.length };
};

/** Starts a Swarm deploy of the request's topology; answers the run id at once. */
export const requestSwarmDeploy = async ({
  principal,
  address,
  request,
}: Actor & { request: TDeployRequest }): Promise<{
  runId: string;
  project: string;
  done: Promise<RunResult>;
}> => {
  const origin = requestOrigin();
  // Refused before the swarm is asked anything: nothing is created for a request that cannot run.
  assertSwarmDeployOptions(request);
  // Inside the environment's scope, as a deploy on one engine: the run and its run_started carry the
  // manager's environment, so its dashboard, the runs filter and the teardown agree on where it ran.
  return withEnvironment(request.environment, async () => {
    const engines = await swarmEnginesOf(request.environment);
    const {
      topology: written,
      env,
      readVariables,
    } = await loadOrExplain({
      name: request.topology,
      overrides: request.tuning,
      profiles: request.profiles,
      files: request.files,
    });
    const loaded = applyLimitOverrides({ topology: written, limits: request.limits });
    assertProfilesDeclared({ topology: loaded, profiles: request.profiles ?? [], name: request.topology });
    const profiles = loaded.profiles?.active ?? [];
    const approved = await assertDeployAllowed({
      topologyName: request.topology,
      topology: loaded,
      env,
      role: principal.role,
    });
    const node = await smallestNode(engines.manager);
    const fitted = fitTopology({
      topology: applyHealthOverrides({ topology: loaded, health: request.health }),
      host: { cpus: node.cpus, memoryBytes: node.memoryBytes },
      mode: request.fit,
      hostName: "the smallest Swarm node",
    });
    const topology: Topology = fitted.topology;
    assertSecrets({ topology, env });
    // A port bound to one address cannot be honoured by the routing mesh: refused before anything runs.
    assertSwarmPublishable(topology);
    // Volumes a teardown kept are still on the nodes: the run starts warm from them.
    const { dataState, data } = swarmDataState({
      topology,
      existing: await swarmProjectVolumes({ engines, project: topology.project }),
    });
    const runId = newRunId();
    const redactor = registerRunRedactor({
      runId,
      project: topology.project,
      env,
      values: readVariables.map((v) => v.value),
    });
    const settings = redactor.value({
      topology: request.topology,
      target: "swarm",
      tuning: request.tuning,
      health: request.health,
      ...(request.limits ? { limits: request.limits } : {}),
      fitMode: request.fit,
      // Read back by the run page (swarmFitLine, lib/runs/run-page-model.ts): what the limits were fitted to.
      fitTo: { kind: "smallest-swarm-node", ...node },
      freshData: false,
      profiles,
      composeFiles: composeFilesOf(loaded),
      by: principal.username,
      ...environmentSettings(),
      startupLayout: startupLayoutOf(topology),
    });
    const { done } = startSwarmDeploy({
      engines,
      topology,
      policy: approved,
      strategy: request.strategy,
      runId,
      origin,
      probeIntervalMs: request.probeIntervalMs,
      keepOnFailure: request.keepOnFailure,
      fitScale: fitted.scale,
      settings,
      conditions: {
        fitMode: request.fit,
        fitChanges: fitted.changes,
        freshData: false,
        dataState,
        data,
      },
    });
    await auditDeployStart({
      principal,
      address,
      request,
      runId,
      project: topology.project,
      detail: { target: "swarm" },
    });
    return { runId, project: topology.project, done };
  });
};

/** Tears a topology's Swarm deploy down (services, networks; each node's volumes when asked). */
export const requestSwarmTeardown = async ({
  principal,
  address,
  topologyName,
  environment,
  removeVolumes = false,
}: Actor & { topologyName: string; environment?: string | null; removeVolumes?: boolean }) => {
  const origin = requestOrigin();
  const engines = await swarmEnginesOf(environment);
  const loaded = await loadPanelTopology({ name: topologyName, forDisplay: true });
  if (!loaded?.result.ok)
    throw new AppError("not_found", `No loadable topology "${topologyName}" under topologies/.`);
  const topology = loaded.result.topology;
  const order = planDeploy({ topology, strategy: "dag" }).steps.map((s) => s.service);
  const runId = newRunId();
  const { done } = await withEnvironment(environment, async () =>
    startSwarmTeardown({
      engines,
      project: topology.project,
      order,
      removeVolumes,
      runId,
      origin,
      settings: { topology: topologyName, removeVolumes, by: principal.username, ...environmentSettings() },
    }),
  );
  await recordAudit({
    actor: principal.username,
    action: "teardown.start",
    target: topology.project,
    address,
    detail: { runId, target: "swarm", removeVolumes },
  });
  return { runId, project: topology.project, done };
};

/** The per-node view of a topology on the swarm behind an environment. */
export const swarmNodes = async ({
  topologyName,
  environment,
}: {
  topologyName: string;
  environment?: string | null;
}): Promise<SwarmNodeView[]> => {
  const engines = await swarmEnginesOf(environment);
  const loaded = await loadPanelTopology({ name: topologyName, forDisplay: true });
  if (!loaded?.result.ok)
    throw new AppError("not_found", `No loadable topology "${topologyName}" under topologies/.`);
  return swarmNodeView({ engines, project: loaded.result.topology.project });
};

/** Scales one service of a topology's Swarm deploy and times it until every replica is ready. */
export const requestSwarmScale = async ({
  principal,
  address,
  topology: topologyName,
  environment,
  service: serviceName,
  replicas,
}: Actor & { topology: string; environment?: string | null; service: string; replicas: number }) => {
  const engines = await swarmEnginesOf(environment);
  const { topology } = await loadOrExplain({ name: topologyName });
  const service = topology.services.find((s) => s.name === serviceName);
  if (!service)
    throw new AppError("bad_request", `service: ${topologyName} has no service "${serviceName}"`, {
      field: "service",
    });
  const scaled = await scaleSwarmService({ engines, project: topology.project, service, replicas });
  await recordAudit({
    actor: principal.username,
    action: "scale.swarm",
    target: topology.project,
    address,
    detail: { service: serviceName, from: scaled.from, to: scaled.to, readyMs: scaled.readyMs },
  });
  return scaled;
};
