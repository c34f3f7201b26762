// What the action routes do, once: the panel's routes (/api/deploy, …) and /api/v1 both answer
// through these handlers, so the two cannot drift apart.
import type { z } from "zod";
import type { Principal } from "@/lib/auth/principal";
import { assertDatabaseWritable } from "@/lib/db/write-health";
import { AppError } from "@/lib/errors";
import { appErrorOf, json } from "@/lib/http/respond";
import { startBatch } from "@/lib/operations/batch";
import { requestCancel, requestDeploy, requestTeardown } from "@/lib/operations/deploy";
import type { TDeployRequest } from "@/lib/operations/deploy-settings";
import { requestLatencyTest, type TLatencyTestRequest } from "@/lib/operations/latency-test";
import { requestRedeploy } from "@/lib/operations/redeploy";
import { requestScale } from "@/lib/operations/scale";
import type { ZScaleRequest, ZTeardownRequest } from "./requests";

type ActionContext<B> = { principal: Principal; address: string | null; body: B };

/**
 * What each run request starts, for its sentences. The experiments helper adds its run kind here
 * (and calls `startRun`), so its requests are refused and answered the same way.
 */
export const RUN_REQUESTS = {
  deploy: "deploy",
  batch: "batch",
  teardown: "teardown",
  scale: "scale",
  latency: "latency test",
  redeploy: "redeploy",
} as const;
export type RunRequestKind = keyof typeof RUN_REQUESTS;

/**
 * Every run request goes through here: refused with 507 before anything is created when the
 * database cannot take the run's rows, and any failure answered with a stated code and sentence
 * (appErrorOf), never a bare "something went wrong".
 */
export const startRun = async <T>(kind: RunRequestKind, start: () => Promise<T>): Promise<T> => {
  const what = RUN_REQUESTS[kind];
  await assertDatabaseWritable(what);
  try {
    return await start();
  } catch (error) {
    throw appErrorOf(error, `The ${what} request`);
  }
};

/** Starts a deploy; a deploy-only token may start its own topology alone. 202 `{ runId, project }`. */
export const deployAction = async ({ principal, address, body }: ActionContext<TDeployRequest>) => {
  if (principal.scope && principal.scope.topology !== body.topology)
    throw new AppError(
      "forbidden",
      `This token may only deploy the topology "${principal.scope.topology}", not "${body.topology}".`,
    );
  const { runId, project } = await startRun("deploy", () =>
    requestDeploy({ principal, address, request: body }),
  );
  return json({ runId, project }, { status: 202 });
};

/** Deploys a past run again: its stored file and image IDs; 202 `{ runId, project, redeployOf }`. */
export const redeployAction = async ({
  principal,
  address,
  params,
  body,
}: ActionContext<{ acceptCurrentImages: boolean }> & { params: Record<string, string> }) => {
  const redeployOf = params.id ?? "";
  const { runId, project } = await startRun("redeploy", () =>
    requestRedeploy({ principal, address, runId: redeployOf, acceptCurrentImages: body.acceptCurrentImages }),
  );
  return json({ runId, project, redeployOf }, { status: 202 });
};

/** Deploys and tears down `times` times in a row; 202 `{ batchId, firstRunId }`. */
export const batchAction = async ({
  principal,
  address,
  body,
}: ActionContext<TDeployRequest & { times: number }>) => {
  const { times, ...request } = body;
  return json(await startRun("batch", () => startBatch({ principal, address, request, times })), {
    status: 202,
  });
};

/** Cancels a deploy in flight; 202 `{ cancelling: true }`, 404 when it is not in flight. */
export const cancelAction = async ({
  principal,
  address,
  params,
}: {
  principal: Principal;
  address: string | null;
  params: Record<string, string>;
}) => {
  await requestCancel({ principal, address, runId: params.id ?? "" });
  return json({ cancelling: true }, { status: 202 });
};

/** Tears a topology's cluster down; 202 `{ runId, project }`. */
export const teardownAction = async ({
  principal,
  address,
  body,
}: ActionContext<z.infer<typeof ZTeardownRequest>>) => {
  const { runId, project } = await startRun("teardown", () =>
    requestTeardown({
      principal,
      address,
      topologyName: body.topology,
      removeVolumes: body.removeVolumes,
      environment: body.environment,
      target: body.target,
    }),
  );
  return json({ runId, project }, { status: 202 });
};

/** Adds or removes worker nodes; 202 `{ runId, project, services }`. */
export const scaleAction = async ({
  principal,
  address,
  body,
}: ActionContext<z.infer<typeof ZScaleRequest>>) =>
  json(
    await startRun("scale", () =>
      requestScale({
        principal,
        address,
        topologyName: body.topology,
        direction: body.direction,
        count: body.count,
        environment: body.environment,
      }),
    ),
    { status: 202 },
  );

/** Starts a latency test of a running cluster; 202 `{ runId, project }`. */
export const latencyAction = async ({ principal, address, body }: ActionContext<TLatencyTestRequest>) =>
  json(await startRun("latency", () => requestLatencyTest({ principal, address, request: body })), {
    status: 202,
  });
