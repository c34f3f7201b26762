// The deploy, teardown and cancel operations the routes call: load the topology with the panel's
// environment, apply the person's choices, check the host, then hand over to the orchestrator.
// Every operation is audited; every run is redacted with the secrets it was given.
import { assertNoSwarmOnlyKeys } from "./swarm-keys";
import { loadPanelTopology } from "@/lib/catalog/topologies";
import { allocationOf, fitTopology, preflight, type FitMode, type Topology } from "@/lib/compose";
import { serviceRoleOf, startupLayoutOf } from "@/lib/compose/service-roles";
import { recordAudit } from "@/lib/db/audit";
import { cancelDeploy, startDeploy, startTeardown, type RunResult } from "@/lib/deploy";
import { assessDataState } from "@/lib/deploy/data-state";
import { assertSecrets } from "@/lib/deploy/secrets";
import {
  assertGeneratedSources,
  materializeGeneratedFiles,
  removeGeneratedFiles,
  secretValuesOf,
} from "@/lib/deploy/generated-files";
import { requestOrigin } from "@/lib/deploy/run-context";
import type { LatencyTarget } from "@/lib/deploy/latency-probe";
import { bindLoadBalancer } from "@/lib/deploy/load-balancer/binding";
import { engineUnreachable } from "@/lib/docker/docker-error";
import { hostFacts } from "@/lib/docker/host-facts";
import { AppError } from "@/lib/errors";
import { rememberDeployedTopology } from "@/lib/recording/effective-file";
import { createRedactor, createSecretNamer } from "@/lib/secrets/redact";
import { registerRunRedactor } from "@/lib/secrets/run-redactors";
import type { Actor } from "@/lib/auth/principal";
import { traceStep } from "@/lib/deploy/trace";
import { startFromEmptyData } from "./fresh-data";
import { environmentSettings, withEnvironment } from "./environments";
import { newRunId } from "./run-id";
import { applyHealthOverrides, assertProfilesDeclared, type TDeployRequest } from "./deploy-settings";
import { assertDeployAllowed } from "./policy";
import { auditDeployStart, loadOrExplain } from "./deploy-start";
import { requestSwarmDeploy, requestSwarmTeardown } from "./swarm";

/** Fits the limits by the chosen mode, then preflight: anything still wrong refuses the deploy. */
export const checkHost = async ({
  topology,
  fit,
  env,
}: {
  topology: Topology;
  fit: FitMode;
  env: Record<string, string>;
}) => {
  const host = await hostFacts().catch(engineUnreachable);
  const fitted = fitTopology({ topology, host, mode: fit });
  const checked = preflight({ topology: fitted.topology, host });
  if (checked.warnings.some((w) => w.code === "network_exists"))
    throw new AppError(
      "conflict",
      `${topology.project} is already deployed on this engine (its networks exist): tear it down first, then deploy again.`,
    );
  if (!checked.ok) {
    // A container name or port may hold an interpolated secret: its variable is named instead.
    const name = createSecretNamer({ env });
    const lines = checked.errors.map((p) => `${p.message} (fix: ${p.fix})`);
    throw new AppError("bad_request", name(`Preflight failed: ${lines.join("; ")}`), {
      preflight: createRedactor({ env }).value(checked),
    });
  }
  const allocation = allocationOf({ services: fitted.topology.services });
  return {
    topology: fitted.topology,
    allocated: { cpus: allocation.cpusLimit, memoryBytes: allocation.memoryLimitBytes },
    fitScale: fitted.scale,
    fitChanges: fitted.changes,
    warnings: checked.warnings,
  };
};

/**
 * Where to measure latency: the topology's load balancer (its role: the `org.ollamamax.role` label,
 * else the shipped name `load-balancer`) through its published port 80, asking the nodes' API
 * (`/api/tags`), so the number includes the hop to a node.
 */
export const latencyTargetOf = (topology: Topology): LatencyTarget | null => {
  const lb = topology.services.find((s) => serviceRoleOf(s) === "load-balancer");
  const port = lb?.ports.find((p) => p.containerPort === 80 && p.hostPort !== null);
  if (!lb || !port) return null;
  const host = port.hostIp === "0.0.0.0" || port.hostIp === "" ? "127.0.0.1" : port.hostIp;
  return { service: lb.name, url: `http://${host}:${port.hostPort}/api/tags` };
};

/** Starts a deploy on the request's environment and returns its run id at once; progress flows over the deploy bus. */
export const requestDeploy = (
  options: Actor & { request: TDeployRequest; batchId?: string | null },
): Promise<{ runId: string; project: string; done: Promise<RunResult> }> =>
  options.request.target === "swarm"
    ? requestSwarmDeploy(options)
    : withEnvironment(options.request.environment, () => deployInScope(options));

const deployInScope = async ({
  principal,
  address,
  request,
  batchId = null,
}: Actor & { request: TDeployRequest; batchId?: string | null }): Promise<{
  runId: string;
  project: string;
  done: Promise<RunResult>;
}> => {
  // t=0 of the run: everything from here (checks, clearing data, images) is its preparation.
  const origin = requestOrigin();
  const { topology: loaded, env } = loadOrExplain({
    name: request.topology,
    overrides: request.tuning,
    profiles: request.profiles ?? [],
  });
  assertProfilesDeclared({ topology: loaded, profiles: request.profiles ?? [], name: request.topology });
  assertGeneratedSources({ topology: loaded, env });
  assertNoSwarmOnlyKeys({ topology: loaded });
  traceStep("loaded");
  // The checks and the data-state look read, never write: all at once, answered in this order.
  const allowed = assertDeployAllowed({ topologyName: request.topology, topology: loaded, env });
  const host = checkHost({
    topology: applyHealthOverrides({ topology: loaded, health: request.health }),
    fit: request.fit,
    env,
  });
  // Fitting and health overrides change no volume or data folder: warm data is assessed beside them.
  const assessed = request.freshData ? null : assessDataState({ topology: loaded });
  for (const pending of [allowed, host, assessed]) pending?.catch(() => undefined);
  await allowed;
  const checked = await host;
  traceStep("host checked");
  const { fitScale, fitChanges, allocated } = checked;
  // Whatever would refuse the deploy is checked before any data is deleted.
  if (request.freshData) assertSecrets({ topology: checked.topology, env });
  const cleared = request.freshData
    ? await startFromEmptyData({ topology: checked.topology, principal, address })
    : null;
  const { dataState, data } = await (assessed ?? assessDataState({ topology: checked.topology })).catch(
    engineUnreachable,
  );
  traceStep("data assessed");
  // The load balancer reads an upstream the panel generates (and rewrites when nodes come and go);
  // bound after the data checks, so its generated folder is never taken for the cluster's data.
  const bound = bindLoadBalancer({ topology: checked.topology, weights: request.weights });
  const { binding } = bound;
  // Secrets and configs from variables become files the containers mount (values stay out of events).
  const topology = materializeGeneratedFiles({ topology: bound.topology, env });
  const runId = newRunId();
  const redactor = registerRunRedactor({
    runId,
    project: topology.project,
    env: { ...secretValuesOf({ topology, env }), ...env },
  });
  const settings = redactor.value({
    topology: request.topology,
    tuning: request.tuning,
    health: request.health,
    fitMode: request.fit,
    freshData: request.freshData,
    keepOnFailure: request.keepOnFailure,
    probe: request.probe ?? null,
    profiles: request.profiles ?? [],
    weights: binding?.weights ?? null,
    by: principal.username,
    ...environmentSettings(),
    allocated,
    // Which phase and role each service has, so Compare and "first node ready" read the run's own topology.
    startupLayout: startupLayoutOf(topology),
    ...(batchId ? { batchId } : {}),
  });
  rememberDeployedTopology({ runId, topology, env });
  traceStep("remembered");
  const { done } = startDeploy({
    topology,
    strategy: request.strategy,
    runId,
    env,
    fitScale,
    keepOnFailure: request.keepOnFailure,
    probeMode: request.probe,
    probeIntervalMs: request.probeIntervalMs,
    followLogs: true,
    latencyTarget: latencyTargetOf(topology),
    settings,
    origin,
    conditions: { fitMode: request.fit, fitChanges, freshData: request.freshData, dataState, data },
    notes: [
      ...(cleared
        ? [
            `start from empty data: removed volumes [${cleared.volumes.join(", ")}] and folders [${cleared.folders.join(", ")}]`,
          ]
        : []),
      `fit mode ${request.fit}: ${fitChanges.length} limit(s) changed`,
      ...fitChanges.map(
        (c) => `  ${c.service} ${c.field}: ${c.written ?? "none"} → ${c.applied ?? "none"} (${c.why})`,
      ),
      `data: ${dataState}${data.map((d) => `; ${d.name} ${d.state} (${d.detail})`).join("")}`,
    ],
  });
  await auditDeployStart({
    principal,
    address,
    request,
    runId,
    project: topology.project,
    detail: { fitScale, freshData: request.freshData, dataState },
  });
  return { runId, project: topology.project, done };
};

export type TeardownRequest = Actor & {
  topologyName: string;
  removeVolumes: boolean;
  /** Name or id; unset: the panel's own engine. */
  environment?: string | null;
  /** "swarm": remove the topology's Swarm services (the environment is their manager). */
  target?: "engine" | "swarm";
};

/** Tears a topology's project down on an environment (also leftovers of a failed run or an earlier panel process). */
export const requestTeardown = (
  options: TeardownRequest,
): Promise<{ runId: string; project: string; done: Promise<RunResult> }> =>
  options.target === "swarm"
    ? requestSwarmTeardown(options)
    : withEnvironment(options.environment, () => teardownInScope(options));

const teardownInScope = async ({ principal, address, topologyName, removeVolumes }: TeardownRequest) => {
  const origin = requestOrigin();
  const loaded = loadPanelTopology({ name: topologyName, forDisplay: true });
  if (!loaded?.result.ok)
    throw new AppError("not_found", `No loadable topology "${topologyName}" under topologies/.`);
  const project = loaded.result.topology.project;
  const runId = newRunId();
  const started = startTeardown({
    origin,
    project,
    runId,
    removeVolumes,
    settings: { topology: topologyName, removeVolumes, by: principal.username, ...environmentSettings() },
  });
  // Secrets written for the project's containers go with them.
  const done = started.done.then((result) => {
    if (result.status === "torn_down") removeGeneratedFiles({ project });
    return result;
  });
  await recordAudit({
    actor: principal.username,
    action: "teardown.start",
    target: project,
    address,
    detail: { runId, removeVolumes },
  });
  return { runId, project, done };
};

/** Cancels a deploy in flight. */
export const requestCancel = async ({
  principal,
  address,
  runId,
}: Actor & { runId: string }): Promise<void> => {
  cancelDeploy({ runId, by: principal.username });
  await recordAudit({ actor: principal.username, action: "deploy.cancel", target: runId, address });
};
