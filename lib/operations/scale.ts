// The scale operation: add one worker to a running cluster, with the tuning, health-check overrides
// and fit to host its deploy used (read from the stored deploy run), audited like a deploy.
import { fitToHost } from "@/lib/compose";
import { recordAudit } from "@/lib/db/audit";
import { latestDeploySettings } from "@/lib/db/runs";
import { projectLockHolder, startScale, workerClone } from "@/lib/deploy";
import { hostFacts } from "@/lib/docker/host-facts";
import { findProjectObjects } from "@/lib/docker/project-objects";
import { AppError } from "@/lib/errors";
import { registerRunRedactor } from "@/lib/secrets/run-redactors";
import { loadOrExplain, type Actor } from "./deploy";
import { applyHealthOverrides, ZHealthOverrides, ZTuning } from "./deploy-settings";
import { newRunId } from "./run-id";

const engineDown = (error: unknown): never => {
  throw new AppError(
    "engine_unreachable",
    `The Docker engine does not answer: ${error instanceof Error ? error.message : String(error)}`,
  );
};

/** What the cluster was deployed with; a deploy run recorded before these settings existed gives defaults. */
const deployedWith = (settingsJson: string | null) => {
  const settings = (settingsJson ? JSON.parse(settingsJson) : {}) as Record<string, unknown>;
  return {
    tuning: ZTuning.safeParse(settings.tuning).data ?? {},
    health: ZHealthOverrides.safeParse(settings.health).data ?? {},
    fitToHost: settings.fitToHost !== false,
  };
};

/** Starts adding one worker node to the topology's running cluster; answers the run id at once. */
export const requestScale = async ({
  principal,
  address,
  topologyName,
}: Actor & { topologyName: string }): Promise<{ runId: string; project: string; service: string }> => {
  const probe = loadOrExplain({ name: topologyName });
  const project = probe.topology.project;
  const holder = projectLockHolder({ project });
  if (holder)
    throw new AppError(
      "conflict",
      `A ${holder.kind} of ${project} is running (run ${holder.runId}): wait for it to finish, then add the node.`,
    );
  const used = deployedWith(await latestDeploySettings({ project }));
  const { topology: loaded, env } = loadOrExplain({ name: topologyName, overrides: used.tuning });
  const objects = await findProjectObjects({ project }).catch(engineDown);
  const existing = objects.containers.map((container) => container.service);
  const running = new Set(objects.containers.filter((c) => c.state === "running").map((c) => c.service));
  const preview = workerClone({ topology: loaded, existing });
  const missing = preview.service.dependsOn.map((d) => d.service).filter((name) => !running.has(name));
  if (running.size === 0 || missing.length > 0)
    throw new AppError(
      "conflict",
      running.size === 0
        ? `${project} is not deployed: deploy it first, then add a node.`
        : `${project} is not fully running (${missing.join(", ")} not running): redeploy it, then add a node.`,
    );
  const withHealth = applyHealthOverrides({ topology: loaded, health: used.health });
  const fitted = used.fitToHost
    ? fitToHost({ topology: withHealth, host: await hostFacts().catch(engineDown) })
    : null;
  const runId = newRunId();
  const redactor = registerRunRedactor({ runId, project, env });
  const { service } = startScale({
    topology: fitted?.topology ?? withHealth,
    existing,
    runId,
    env,
    fitScale: fitted?.changed ? fitted.scale : null,
    followLogs: true,
    settings: redactor.value({
      topology: topologyName,
      tuning: used.tuning,
      health: used.health,
      fitToHost: used.fitToHost,
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
