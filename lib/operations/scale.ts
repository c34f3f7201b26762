// The scale operation: add one worker to a running cluster, with the tuning, health-check overrides
// and fit mode its deploy used (read from the stored deploy run), audited like a deploy.
import { FIT_MODES, fitTopology } from "@/lib/compose";
import { z } from "zod";
import type { Actor } from "@/lib/auth/principal";
import { recordAudit } from "@/lib/db/audit";
import { latestDeploySettings } from "@/lib/db/runs";
import { assertProjectFree, startScale, workerClone } from "@/lib/deploy";
import { assessDataState } from "@/lib/deploy/data-state";
import { requestOrigin } from "@/lib/deploy/run-context";
import { engineUnreachable } from "@/lib/docker/docker-error";
import { hostCapacity } from "@/lib/docker/host-facts";
import { findProjectContainers } from "@/lib/docker/project-objects";
import { AppError } from "@/lib/errors";
import { registerRunRedactor } from "@/lib/secrets/run-redactors";
import { loadOrExplain } from "./deploy";
import { applyHealthOverrides, ZHealthOverrides, ZTuning } from "./deploy-settings";
import { assertDeployAllowed } from "./policy";
import { newRunId } from "./run-id";

const ZFitMode = z.enum(FIT_MODES);

/** What the cluster was deployed with; a deploy run recorded before these settings existed gives defaults. */
const deployedWith = (settingsJson: string | null) => {
  const settings = (settingsJson ? JSON.parse(settingsJson) : {}) as Record<string, unknown>;
  return {
    tuning: ZTuning.safeParse(settings.tuning).data ?? {},
    health: ZHealthOverrides.safeParse(settings.health).data ?? {},
    // Runs stored before fit modes had a boolean: true meant proportional (and was the default).
    fit:
      ZFitMode.safeParse(settings.fitMode).data ?? (settings.fitToHost === false ? "none" : "proportional"),
  };
};

/** Starts adding one worker node to the topology's running cluster; answers the run id at once. */
export const requestScale = async ({
  principal,
  address,
  topologyName,
}: Actor & { topologyName: string }): Promise<{ runId: string; project: string; service: string }> => {
  const origin = requestOrigin();
  const plain = loadOrExplain({ name: topologyName });
  const project = plain.topology.project;
  // A deploy in flight has services not running yet: name the run rather than the services.
  assertProjectFree({ project });
  const used = deployedWith(await latestDeploySettings({ project }));
  // Tuning variables are interpolated into the file: only then is it loaded again with them.
  const { topology: loaded, env } =
    Object.keys(used.tuning).length > 0
      ? loadOrExplain({ name: topologyName, overrides: used.tuning })
      : plain;
  await assertDeployAllowed({ topologyName, topology: loaded, env });
  const containers = await findProjectContainers({ project }).catch(engineUnreachable);
  const running = new Set(containers.filter((c) => c.state === "running").map((c) => c.service));
  const withHealth = applyHealthOverrides({ topology: loaded, health: used.health });
  const fitted = fitTopology({
    topology: withHealth,
    host: await hostCapacity().catch(engineUnreachable),
    mode: used.fit,
  });
  const topology = fitted.topology;
  const clone = workerClone({ topology, existing: containers.map((c) => c.service) });
  const missing = clone.service.dependsOn.map((d) => d.service).filter((name) => !running.has(name));
  if (running.size === 0 || missing.length > 0)
    throw new AppError(
      "conflict",
      running.size === 0
        ? `${project} is not deployed: deploy it first, then add a node.`
        : `${project} is not fully running (${missing.join(", ")} not running): redeploy it, then add a node.`,
    );
  const runId = newRunId();
  const redactor = registerRunRedactor({ runId, project, env });
  const added = { ...topology, services: [clone.service], volumes: clone.volumes };
  const { dataState, data } = await assessDataState({ topology: added }).catch(engineUnreachable);
  const { service } = startScale({
    origin,
    conditions: {
      fitMode: used.fit,
      // The clone gets its template's limits, so the template's changes are the clone's.
      fitChanges: fitted.changes
        .filter((c) => c.service === clone.template)
        .map((c) => ({ ...c, service: clone.service.name })),
      freshData: false,
      dataState,
      data,
    },
    topology,
    clone,
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
    }),
  });
  await recordAudit({
    actor: principal.username,
    action: "scale.start",
    target: project,
    address,
    detail: { runId, service, topology: topologyName },
  });
  return { runId, project, service };
};
