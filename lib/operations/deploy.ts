// The deploy, teardown and cancel operations the routes call: load the topology with the panel's
// environment, apply the person's choices, check the host, then hand over to the orchestrator.
// Every operation is audited; every run is redacted with the secrets it was given.
import { assertNoSwarmOnlyKeys } from "./swarm-keys";
import { expandReplicas } from "@/lib/compose/replicas";
import { loadPanelTopology } from "@/lib/catalog/topologies";
import { allocationOf, fitTopology, preflight, type FitMode, type Topology } from "@/lib/compose";
import { serviceRoleOf, startupLayoutOf } from "@/lib/compose/service-roles";
import { recordAudit } from "@/lib/db/audit";
import {
  cancelDeploy,
  projectLockHolder,
  startDeploy,
  startTeardown,
  stopActiveRun,
  type RunResult,
} from "@/lib/deploy";
import { assessDataState } from "@/lib/deploy/data-state";
import { assertSecrets } from "@/lib/deploy/secrets";
import {
  assertGeneratedSources,
  materializeGeneratedFiles,
  panelWrittenFolders,
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
import {
  applyHealthOverrides,
  applyLimitOverrides,
  assertProfilesDeclared,
  type TDeployRequest,
} from "./deploy-settings";
import { assertDeployAllowed } from "./policy";
import { assertProjectUnclaimed } from "./project-claims";
import { composeFilesOf } from "@/lib/compose/project-files";
import { auditDeployStart, loadOrExplain } from "./deploy-start";
import { requestSwarmDeploy, requestSwarmTeardown } from "./swarm";
import { recordablePrediction } from "./prediction";
import { pinImages, type RedeploySource } from "./redeploy-images";

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
  options: Actor & {
    request: TDeployRequest;
    batchId?: string | null;
    redeploy?: RedeploySource;
    migrationId?: string;
  },
): Promise<{ runId: string; project: string; done: Promise<RunResult> }> =>
  options.request.target === "swarm"
    ? requestSwarmDeploy(options)
    : withEnvironment(options.request.environment, () => deployInScope(options));

const deployInScope = async ({
  principal,
  address,
  request,
  batchId = null,
  redeploy,
  migrationId,
}: Actor & {
  request: TDeployRequest;
  batchId?: string | null;
  redeploy?: RedeploySource;
  migrationId?: string;
}): Promise<{
  runId: string;
  project: string;
  done: Promise<RunResult>;
}> => {
  // t=0 of the run: everything from here (checks, clearing data, images) is its preparation.
  const origin = requestOrigin();
  const read = await loadOrExplain({
    name: request.topology,
    overrides: request.tuning,
    // No profiles in the request: the folder's COMPOSE_PROFILES, as Compose does.
    profiles: request.profiles,
    files: request.files,
    // "Deploy this again": the past run's file, read as operator input (every check below applies).
    text: redeploy?.text,
  });
  const { env, readVariables } = read;
  const written = redeploy ? pinImages({ topology: read.topology, pins: redeploy.pins }) : read.topology;
  // A migration holds its two projects (only its own deploys pass); a backup or restore holds one while it copies.
  assertProjectUnclaimed({ project: written.project, action: "deploy", migrationId });
  assertProfilesDeclared({ topology: written, profiles: request.profiles ?? [], name: request.topology });
  assertGeneratedSources({ topology: written, env });
  assertNoSwarmOnlyKeys({ topology: written });
  // deploy.replicas / scale: one service of the file, N containers here (each a service of the
  // deploy from now on: policy, plan, gate, timings and teardown all see every replica).
  // Limits asked for this deploy (an analysis-report recommendation) replace the file's, per service.
  const loaded = applyLimitOverrides({
    topology: expandReplicas({ topology: written }),
    limits: request.limits,
  });
  traceStep("loaded");
  // The checks and the data-state look read, never write: all at once, answered in this order.
  const allowed = assertDeployAllowed({
    topologyName: request.topology,
    topology: loaded,
    env,
    role: principal.role,
  });
  const host = checkHost({
    topology: applyHealthOverrides({ topology: loaded, health: request.health }),
    fit: request.fit,
    env,
  });
  // Fitting and health overrides change no volume or data folder: warm data is assessed beside them.
  const assessed = request.freshData ? null : assessDataState({ topology: loaded });
  for (const pending of [allowed, host, assessed]) pending?.catch(() => undefined);
  const approved = await allowed;
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
  // What the model predicts for this start, kept with the run (settings.prediction) beside its measured
  // time; read while the load balancer is bound (it never fails the deploy: null when it cannot say).
  const predicting = recordablePrediction({
    name: request.topology,
    topology: checked.topology,
    strategy: request.strategy,
    fitMode: request.fit,
    dataState,
    overrides: {
      tuning: request.tuning,
      health: request.health,
      limits: request.limits,
      probe: request.probe ?? null,
    },
  });
  // The load balancer reads an upstream the panel generates (and rewrites when nodes come and go);
  // bound after the data checks, so its generated folder is never taken for the cluster's data.
  const bound = await bindLoadBalancer({ topology: checked.topology, weights: request.weights });
  const { binding } = bound;
  // Secrets and configs from variables become files the containers mount (values stay out of events).
  const topology = materializeGeneratedFiles({ topology: bound.topology, env });
  const runId = newRunId();
  const prediction = await predicting;
  const redactor = registerRunRedactor({
    runId,
    project: topology.project,
    env: { ...secretValuesOf({ topology, env }), ...env },
    values: readVariables.map((v) => v.value),
  });
  const settings = redactor.value({
    topology: request.topology,
    tuning: request.tuning,
    health: request.health,
    ...(request.limits ? { limits: request.limits } : {}),
    fitMode: request.fit,
    freshData: request.freshData,
    keepOnFailure: request.keepOnFailure,
    probe: request.probe ?? null,
    profiles: loaded.profiles?.active ?? [],
    // The files the topology was read from (relative to its folder): part of what the run deployed.
    composeFiles: composeFilesOf(loaded),
    weights: binding?.weights ?? null,
    by: principal.username,
    ...environmentSettings(),
    allocated,
    // Which phase and role each service has, so Compare and "first node ready" read the run's own topology.
    startupLayout: startupLayoutOf(topology),
    ...(prediction ? { prediction } : {}),
    ...(batchId ? { batchId } : {}),
    ...(redeploy ? { redeployOf: redeploy.runId, pinnedImages: redeploy.pins } : {}),
  });
  rememberDeployedTopology({ runId, topology, env, read: readVariables });
  traceStep("remembered");
  const { done } = startDeploy({
    topology,
    // What the panel writes and mounts itself: the generated secrets and the load balancer's upstream.
    policy: { ...approved, panelMounts: panelWrittenFolders({ project: topology.project, binding }) },
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
    detail: {
      fitScale,
      freshData: request.freshData,
      dataState,
      ...(redeploy ? { redeployOf: redeploy.runId } : {}),
    },
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
  /** The migration asking (its own teardowns pass its lock). */
  migrationId?: string;
};

/** Tears a topology's project down on an environment (also leftovers of a failed run or an earlier panel process). */
export const requestTeardown = (
  options: TeardownRequest,
): Promise<{ runId: string; project: string; done: Promise<RunResult> }> =>
  options.target === "swarm"
    ? requestSwarmTeardown(options)
    : withEnvironment(options.environment, () => teardownInScope(options));

const teardownInScope = async ({
  principal,
  address,
  topologyName,
  removeVolumes,
  migrationId,
}: TeardownRequest) => {
  const origin = requestOrigin();
  const loaded = await loadPanelTopology({ name: topologyName, forDisplay: true });
  if (!loaded?.result.ok)
    throw new AppError("not_found", `No loadable topology "${topologyName}" under topologies/.`);
  const project = loaded.result.topology.project;
  assertProjectUnclaimed({ project, action: "tear down", migrationId });
  const runId = newRunId();
  const after = await stopRunInFlight({ principal, address, project });
  const started = startTeardown({
    origin,
    project,
    runId,
    removeVolumes,
    after,
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

/**
 * A person may tear down at any moment: a deploy or scale of the project in flight is stopped first
 * (cancelled before ready, its wait for Docker's confirmation ended after), audited as a cancel.
 * Returns what the teardown waits for, or undefined when nothing (or a teardown) holds the project.
 */
const stopRunInFlight = async ({
  principal,
  address,
  project,
}: Actor & { project: string }): Promise<{ runId: string; finished: Promise<void> } | undefined> => {
  const holder = projectLockHolder({ project });
  if (!holder || holder.kind === "teardown") return undefined;
  const finished = stopActiveRun({ runId: holder.runId, by: principal.username });
  await recordAudit({
    actor: principal.username,
    action: "deploy.cancel",
    target: holder.runId,
    address,
    detail: { by: "teardown" },
  });
  return { runId: holder.runId, finished };
};

/** Cancels a deploy in flight (after ready: ends its wait for Docker's confirmation). */
export const requestCancel = async ({
  principal,
  address,
  runId,
}: Actor & { runId: string }): Promise<void> => {
  cancelDeploy({ runId, by: principal.username });
  await recordAudit({ actor: principal.username, action: "deploy.cancel", target: runId, address });
};
