// The latency test operation: a bounded load a person picks, run against the topology's running
// cluster (through its load balancer, then each node directly), audited, stored as a run.
import { z } from "zod";
import type { Actor } from "@/lib/auth/principal";
import { recordAudit } from "@/lib/db/audit";
import { assertProjectFree, startLatencyTest } from "@/lib/deploy";
import { boundLoadBalancer } from "@/lib/deploy/load-balancer/bound";
import { LATENCY_TEST_LIMITS } from "@/lib/deploy/load-balancer/load-test";
import { engineUnreachable } from "@/lib/docker/docker-error";
import { AppError } from "@/lib/errors";
import { loadOrExplain } from "./deploy-start";
import { assertProjectUnclaimed } from "./project-claims";
import { newRunId } from "./run-id";

const { requests, concurrency, durationS } = LATENCY_TEST_LIMITS;

/** What a person may ask: counts and time only — the targets are always the cluster's own. */
export const ZLatencyTestRequest = z.object({
  topology: z.string().min(1, "pick a topology"),
  requests: z.number().int().min(1, "send at least 1 request").max(requests, `at most ${requests} requests`),
  concurrency: z
    .number()
    .int()
    .min(1, "at least 1 at a time")
    .max(concurrency, `at most ${concurrency} at a time`),
  durationS: z.number().min(1, "run for at least 1 s").max(durationS, `at most ${durationS} s per target`),
});
export type TLatencyTestRequest = z.infer<typeof ZLatencyTestRequest>;

/** Starts a latency test of the topology's running cluster; answers the run id at once. */
export const requestLatencyTest = async ({
  principal,
  address,
  request,
}: Actor & { request: TLatencyTestRequest }): Promise<{ runId: string; project: string }> => {
  const { topology } = await loadOrExplain({ name: request.topology });
  const project = topology.project;
  assertProjectFree({ project });
  assertProjectUnclaimed({ project, action: "test latency" });
  const found = await boundLoadBalancer({ project }).catch(engineUnreachable);
  if (!found.bound)
    throw new AppError(
      "conflict",
      `No latency test of ${project}: ${found.reason}. Deploy it from this panel first.`,
    );
  const runId = newRunId();
  startLatencyTest({
    project,
    runId,
    requests: request.requests,
    concurrency: request.concurrency,
    durationS: request.durationS,
    settings: { topology: request.topology, by: principal.username },
  });
  await recordAudit({
    actor: principal.username,
    action: "latency.start",
    target: project,
    address,
    detail: {
      runId,
      requests: request.requests,
      concurrency: request.concurrency,
      durationS: request.durationS,
    },
  });
  return { runId, project };
};
