// The scale operations: add k workers to a running cluster, with the tuning, health-check overrides
// and fit mode its deploy used (read from the stored deploy run), or remove k workers (the highest
// numbered first, never the leader); audited like a deploy.
import { FIT_MODES, fitTopology } from "@/lib/compose";
import { z } from "zod";
import type { Actor } from "@/lib/auth/principal";
import { recordAudit } from "@/lib/db/audit";
import { latestDeploySettings } from "@/lib/db/runs";
import type { StoredRunSettings } from "@/lib/db/run-columns";
import {
  assertProjectFree,
  projectLockHolder,
  settleReadyRun,
  startScale,
  startScaleDown,
  workerClones,
} from "@/lib/deploy";
import { assessDataState } from "@/lib/deploy/data-state";
import { requestOrigin } from "@/lib/deploy/run-context";
import { isWorkerOf } from "@/lib/deploy/worker-clone";
import { engineUnreachable } from "@/lib/docker/docker-error";
import { hostCapacity } from "@/lib/docker/host-facts";
import { findProjectContainers } from "@/lib/docker/project-objects";
import { AppError } from "@/lib/errors";
import { registerRunRedactor } from "@/lib/secrets/run-redactors";
import { loadOrExplain } from "./deploy-start";
import { applyHealthOverrides, ZHealthOverrides, ZTuning } from "./deploy-settings";
import { containerNameOf } from "@/lib/compose/project-name";
import { expandReplicas } from "@/lib/compose/replicas";
import { materializeGeneratedFiles, panelWrittenFolders } from "@/lib/deploy/generated-files";
import { assertDeployAllowed } from "./policy";
import { environmentSettings, storedEnvironmentId, withEnvironment } from "./environments";
import { newRunId } from "./run-id";
import { assertProjectUnclaimed } from "./project-claims";

const ZFitMode = z.enum(FIT_MODES);

/** What the cluster was deployed with; a deploy run recorded before these settings existed gives defaults. */
const deployedWith = (settings: StoredRunSettings) => {
  return {
    tuning: ZTuning.safeParse(settings.tuning).data ?? {},
    health: ZHealthOverrides.safeParse(settings.health).data ?? {},
    // Runs stored before fit modes had a boolean: true meant proportional (and was the default).
    fit:
      ZFitMode.safeParse(settings.fitMode).data ?? (settings.fitToHost === false ? "none" : "proportional"),
  };
};

export type ScaleRequest = {
  topologyName: string;
  direction: "up" | "down";
  count: number;
  /** Name or id; unset: the panel's own engine. */
  environment?: string | null;
};
type ScaleStarted = { runId: string; project: string; services: string[] };

/** Audits a scale run that started and answers it (the same entry for both directions). */
const startedScale = async ({
  principal,
  address,
  topologyName,
  direction,
  started,
}: Actor & { topologyName: string; direction: ScaleRequest["direction"]; started: ScaleStarted }) => {
  await recordAudit({
    actor: principal.username,
    action: "scale.start",
    target: started.project,
    address,
    detail: { runId: started.runId, direction, services: started.services, topology: topologyName },
  });
  return started;
};

/**
 * A scale may follow a deploy or scale as soon as that run reads healthy: its wait for Docker's
 * confirmation ends (recorded as not awaited, its verdict stands) and the project is free. A run
 * not ready yet, or a teardown, keeps the project: `conflict` naming it.
 */
const freeProjectForScale = async ({ project, by }: { project: string; by: string }): Promise<void> => {
  assertProjectUnclaimed({ project, action: "scale" });
  const holder = projectLockHolder({ project });
  if (holder && holder.kind !== "teardown")
    await settleReadyRun({ runId: holder.runId, by, next: "a scale" });
  assertProjectFree({ project });
};

/** Starts adding or removing `count` worker nodes of the topology's running cluster; answers the run id at once. */
export const requestScale = async ({
  direction,
  environment,
  ...rest
}: Actor & ScaleRequest): Promise<ScaleStarted> =>
  withEnvironment(environment, () => (direction === "up" ? requestScaleUp(rest) : requestScaleDown(rest)));

/** Removes the `count` highest-numbered running workers, drained from the load balancer first. */
const requestScaleDown = async ({
  principal,
  address,
  topologyName,
  count,
}: Actor & Omit<ScaleRequest, "direction">): Promise<ScaleStarted> => {
  const origin = requestOrigin();
  const { topology } = await loadOrExplain({ name: topologyName });
  const project = topology.project;
  await freeProjectForScale({ project, by: principal.username });
  const containers = await findProjectContainers({ project }).catch(engineUnreachable);
  // Replicas run as services of their own (worker-1, worker-2, …), as the deploy ran them.
  const isWorker = isWorkerOf(expandReplicas({ topology }));
  const workers = containers
    .filter((c) => c.state === "running" && isWorker(c.service))
    .map((c) => c.service)
    .sort((a, b) => Number(/(\d+)$/.exec(b)?.[1] ?? 0) - Number(/(\d+)$/.exec(a)?.[1] ?? 0));
  if (workers.length < count)
    throw new AppError(
      "conflict",
      workers.length === 0
        ? `${project} runs no worker node to remove (the leader stays).`
        : `${project} runs ${workers.length} worker node${workers.length === 1 ? "" : "s"}: remove at most that many.`,
    );
  const services = workers.slice(0, count);
  const runId = newRunId();
  startScaleDown({
    project,
    services,
    runId,
    origin,
    settings: { topology: topologyName, by: principal.username, ...environmentSettings() },
  });
  return startedScale({
    principal,
    address,
    topologyName,
    direction: "down",
    started: { runId, project, services },
  });
};

/** Adds `count` workers, each a copy of the topology's last worker, served through the load balancer. */
const requestScaleUp = async ({
  principal,
  address,
  topologyName,
  count,
}: Actor & Omit<ScaleRequest, "direction">): Promise<ScaleStarted> => {
  const origin = requestOrigin();
  const plain = await loadOrExplain({ name: topologyName });
  const project = plain.topology.project;
  // A deploy in flight has services not running yet: name the run rather than the services.
  await freeProjectForScale({ project, by: principal.username });
  const used = deployedWith(await latestDeploySettings({ environmentId: storedEnvironmentId(), project }));
  // Tuning variables are interpolated into the file: only then is it loaded again with them.
  const {
    topology: written,
    env,
    readVariables,
  } = Object.keys(used.tuning).length > 0
    ? await loadOrExplain({ name: topologyName, overrides: used.tuning })
    : plain;
  // As the deploy ran it: each replica a service, so a new node is the next replica.
  const loaded = expandReplicas({ topology: written });
  const approved = await assertDeployAllowed({ topologyName, topology: loaded, env, role: principal.role });
  const containers = await findProjectContainers({ project }).catch(engineUnreachable);
  const running = new Set(containers.filter((c) => c.state === "running").map((c) => c.service));
  const withHealth = applyHealthOverrides({ topology: loaded, health: used.health });
  const fitted = fitTopology({
    topology: withHealth,
    host: await hostCapacity().catch(engineUnreachable),
    mode: used.fit,
  });
  const topology = materializeGeneratedFiles({ topology: fitted.topology, env });
  const clones = workerClones({ topology, existing: containers.map((c) => c.service), count });
  const missing = (clones[0]?.service.dependsOn ?? [])
    .map((d) => d.service)
    .filter((name) => !running.has(name));
  if (running.size === 0 || missing.length > 0)
    throw new AppError(
      "conflict",
      running.size === 0
        ? `${project} is not deployed: deploy it first, then add a node.`
        : `${project} is not fully running (${missing.join(", ")} not running): redeploy it, then add a node.`,
    );
  const runId = newRunId();
  const redactor = registerRunRedactor({ runId, project, env, values: readVariables.map((v) => v.value) });
  const added = {
    ...topology,
    services: clones.map((c) => c.service),
    volumes: clones.flatMap((c) => c.volumes),
  };
  const { dataState, data } = await assessDataState({ topology: added }).catch(engineUnreachable);
  const { services } = startScale({
    // The new nodes and their own volumes are the project's too.
    policy: {
      ...approved,
      volumes: [...approved.volumes, ...clones.flatMap((c) => c.volumes.map((v) => v.dockerName))],
      containers: [
        ...approved.containers,
        ...clones.map((c) => containerNameOf({ service: c.service, project })),
      ],
      panelMounts: panelWrittenFolders({ project, binding: null }),
    },
    origin,
    conditions: {
      fitMode: used.fit,
      // The clone gets its template's limits, so the template's changes are the clone's.
      fitChanges: clones.flatMap((clone) =>
        fitted.changes
          .filter((c) => c.service === clone.template)
          .map((c) => ({ ...c, service: clone.service.name })),
      ),
      freshData: false,
      dataState,
      data,
    },
    topology,
    clones,
    runId,
    env,
    fitScale: fitted.scale,
    followLogs: true,
    settings: redactor.value({
      topology: topologyName,
      tuning: used.tuning,
      health: used.health,
      fitMode: used.fit,
      by: principal.username,
      ...environmentSettings(),
    }),
  });
  return startedScale({
    principal,
    address,
    topologyName,
    direction: "up",
    started: { runId, project, services },
  });
};
