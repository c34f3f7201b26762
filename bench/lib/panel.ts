// The panel, in this process: deploys and teardowns through its own operation layer
// (lib/operations), recorded into a scratch database by the same recorders the server starts, so
// every figure here is read back the way the run page reads it. DATABASE_URL must be set first.
import { randomBytes } from "node:crypto";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Principal } from "@/lib/auth/principal";
import { clusterEnv, clusterSecretsFile } from "@/lib/catalog/cluster-env";
import { getEffectiveTopologies } from "@/lib/db/effective-files";
import { getRunDetail } from "@/lib/db/runs";
import type { RunResult } from "@/lib/deploy";
import { requestDeploy, requestTeardown } from "@/lib/operations/deploy";
import { ZDeployRequest } from "@/lib/operations/deploy-settings";
import { startRecording } from "@/lib/recording";
import { runEffectiveFile } from "@/lib/runs/effective-file";
import { runCriticalPath, type RunCriticalPath } from "@/lib/runs/run-critical-path";
import { redactorFor } from "@/lib/secrets/run-redactors";

export type FitMode = "clamp" | "proportional" | "none";
export type ProbeMode = "auto" | "exec" | "docker";

export type PanelDeployOptions = {
  topology: string;
  strategy: "sequential" | "phased" | "dag";
  fit: FitMode;
  /** Start from empty data: the bench empties the topology's data folders and volumes itself too. */
  freshData: boolean;
  probe?: ProbeMode;
  probeIntervalMs?: number;
};

export type PanelDeploy = {
  runId: string;
  project: string;
  /** The secrets the effective file references, with their values (for docker-compose --env-file). */
  secrets: Record<string, string>;
  status: string;
  /** From the request to every service ready by its health command. */
  requestToReadyMs: number | null;
  /** From the request to every service healthy by Docker (null when one never was). */
  requestToHealthyMs: number | null;
  /** The run's own time to ready (from its start, after the request was checked). */
  totalMs: number;
  criticalPath: RunCriticalPath | null;
  effectiveFile: string | null;
  /** The conditions the run was asked for. */
  applied: { fit: string; freshData: boolean; probe: string };
  /** Largest |panel − Docker| of the create and start clocks, ms. */
  clockDifferenceMs: number | null;
  /** "service: kind" of the probe that decided each service's readiness. */
  probeKinds: string[];
};

const principal: Principal = {
  userId: "bench",
  username: "bench",
  role: "admin",
  via: "token",
  sessionId: null,
  tokenId: null,
  scope: null,
  adminNeedsTwoFactor: false,
};

/**
 * Secrets for the cluster when data/cluster.env (written by scripts/start.sh) is missing: a
 * bench-owned file in `dir`, named by PANEL_CLUSTER_ENV (the panel never reads its own environment).
 */
export const ensureClusterSecrets = (dir: string): void => {
  if (existsSync(clusterSecretsFile())) return;
  const file = path.join(dir, "cluster.env");
  const secret = () => randomBytes(18).toString("base64url");
  writeFileSync(
    file,
    [
      "MINIO_ROOT_USER=ollamamax",
      ...["JWT_SECRET", "MINIO_ROOT_PASSWORD", "DB_PASSWORD", "GRAFANA_PASSWORD"].map(
        (n) => `${n}=${secret()}`,
      ),
    ].join("\n") + "\n",
    { mode: 0o600 },
  );
  process.env.PANEL_CLUSTER_ENV = file;
};

export const createPanel = () => {
  // Summaries off: the bench reads timings, and stats collection would load the host it measures.
  const runRecorder = startRecording({ redact: (runId) => redactorFor(runId).value, summaries: false });

  const readBack = async (result: RunResult, requestedAt: number) => {
    await runRecorder.done(result.runId);
    let stored = (await getEffectiveTopologies([result.runId])).get(result.runId) ?? null;
    for (let i = 0; i < 20 && !stored; i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      stored = (await getEffectiveTopologies([result.runId])).get(result.runId) ?? null;
    }
    const run = await getRunDetail(result.runId);
    if (!run) throw new Error(`run ${result.runId} was not stored`);
    const offset = Date.parse(result.startedAt) - requestedAt;
    const healthy = result.services.map(
      (s) => s.dockerHealthyAt ?? (s.readyAt !== null && s.state !== "failed" ? s.readyAt : null),
    );
    const differences = result.services.flatMap((s) => [
      s.engine?.createdAt != null && s.createdAt !== null ? Math.abs(s.createdAt - s.engine.createdAt) : 0,
      s.engine?.startedAt != null && s.startedAt !== null ? Math.abs(s.startedAt - s.engine.startedAt) : 0,
    ]);
    return {
      run,
      stored,
      offset,
      requestToHealthyMs:
        result.status === "healthy" && healthy.every((h) => h !== null)
          ? offset + Math.max(...(healthy as number[]))
          : null,
      clockDifferenceMs: differences.length > 0 ? Math.round(Math.max(...differences) * 10) / 10 : null,
    };
  };

  /** Removes everything of the topology's project, its volumes and (for cold data) its data folders. */
  const teardown = async ({ topology, coldData }: { topology: string; coldData: boolean }) => {
    const requestedAt = Date.now();
    const { done } = await requestTeardown({
      principal,
      address: null,
      topologyName: topology,
      removeVolumes: coldData,
    });
    const result = await done;
    const wallMs = Date.now() - requestedAt;
    if (coldData) rmSync(path.resolve("topologies", topology, "data"), { recursive: true, force: true });
    await runRecorder.done(result.runId);
    return { totalMs: result.totalMs, wallMs, status: result.status };
  };

  const deploy = async (options: PanelDeployOptions): Promise<PanelDeploy> => {
    const body: Record<string, unknown> = {
      topology: options.topology,
      strategy: options.strategy,
      keepOnFailure: false,
      fit: options.fit,
      freshData: options.freshData,
      ...(options.probe ? { probe: options.probe } : {}),
      ...(options.probeIntervalMs ? { probeIntervalMs: options.probeIntervalMs } : {}),
    };
    const request = ZDeployRequest.parse(body);
    const requestedAt = Date.now();
    const started = await requestDeploy({ principal, address: null, request });
    const result = await started.done;
    const { run, stored, offset, requestToHealthyMs, clockDifferenceMs } = await readBack(
      result,
      requestedAt,
    );
    const env = await clusterEnv({ topologyDir: path.resolve("topologies", options.topology) });
    return {
      runId: result.runId,
      project: run.project,
      secrets: Object.fromEntries((stored?.masked ?? []).map((name) => [name, env[name] ?? ""])),
      status: result.status,
      requestToReadyMs: result.status === "healthy" ? offset + result.totalMs : null,
      requestToHealthyMs,
      totalMs: result.totalMs,
      criticalPath: await runCriticalPath({
        run,
        services: run.services,
        deployed: stored?.topology ?? null,
      }),
      effectiveFile: stored ? runEffectiveFile({ run, stored }) : null,
      applied: { fit: options.fit, freshData: options.freshData, probe: options.probe ?? "default" },
      clockDifferenceMs,
      probeKinds: result.services.map((s) => `${s.service}: ${s.probeKind ?? "?"}`),
    };
  };

  return { deploy, teardown, stop: () => runRecorder.stop() };
};
