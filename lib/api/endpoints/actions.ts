// /api/v1 actions: deploy, cancel, teardown, scale, latency test. Each answers a run id at once;
// follow the run at /api/v1/runs/{id}/events.
import { z } from "zod";
import {
  batchAction,
  cancelAction,
  deployAction,
  latencyAction,
  scaleAction,
  teardownAction,
} from "../actions";
import { defineEndpoint } from "../endpoint";
import {
  ZBatchRequestStrict,
  ZDeployRequestStrict,
  ZLatencyTestRequestStrict,
  ZScaleRequestStrict,
  ZTeardownRequestStrict,
} from "../requests";
import { ZBatchStarted, ZCancelling, ZScaleStarted, ZStarted } from "../schemas";

const started = (description: string, data: z.ZodType = ZStarted) => [
  { status: 202, description, kind: "envelope" as const, data },
];

export const deployEndpoint = defineEndpoint(
  {
    method: "POST",
    path: "/deploy",
    tag: "actions",
    summary: "Start a deploy",
    description:
      "Every option of the Deploy form. A deploy-only token may deploy its own topology alone. Answers at once; the run goes on.",
    access: "operator",
    acceptsScope: "deploy",
    body: ZDeployRequestStrict,
    answers: started("the run started"),
    errors: ["not_found", "conflict", "engine_unreachable"],
  },
  deployAction,
);

export const batchEndpoint = defineEndpoint(
  {
    method: "POST",
    path: "/batches",
    tag: "actions",
    summary: "Run N times: deploy and tear down `times` times in a row",
    description:
      "The deploy request's fields plus `times`; Compare then shows median, min and max of the batch.",
    access: "operator",
    body: ZBatchRequestStrict,
    answers: [
      { status: 202, description: "the first deploy started", kind: "envelope", data: ZBatchStarted },
    ],
    errors: ["not_found", "conflict", "engine_unreachable"],
  },
  batchAction,
);

export const cancelEndpoint = defineEndpoint(
  {
    method: "POST",
    path: "/runs/{id}/cancel",
    tag: "actions",
    summary: "Cancel a deploy in flight",
    description: "It then cleans up like a failure (unless it was started with keepOnFailure).",
    access: "operator",
    params: z.object({ id: z.string().describe("the run id") }),
    answers: [{ status: 202, description: "cancelling", kind: "envelope", data: ZCancelling }],
    errors: ["not_found"],
  },
  cancelAction,
);

export const teardownEndpoint = defineEndpoint(
  {
    method: "POST",
    path: "/teardown",
    tag: "actions",
    summary: "Tear a topology's cluster down",
    access: "operator",
    body: ZTeardownRequestStrict,
    answers: started("the teardown run started"),
    errors: ["not_found", "conflict", "engine_unreachable"],
  },
  teardownAction,
);

export const scaleEndpoint = defineEndpoint(
  {
    method: "POST",
    path: "/scale",
    tag: "actions",
    summary: "Add or remove worker nodes of a running cluster",
    access: "operator",
    body: ZScaleRequestStrict,
    answers: started("the scale run started", ZScaleStarted),
    errors: ["not_found", "conflict", "engine_unreachable"],
  },
  scaleAction,
);

export const latencyEndpoint = defineEndpoint(
  {
    method: "POST",
    path: "/latency",
    tag: "actions",
    summary: "Run a latency test through the load balancer and against each node",
    access: "operator",
    body: ZLatencyTestRequestStrict,
    answers: started("the latency test run started"),
    errors: ["not_found", "conflict", "engine_unreachable"],
  },
  latencyAction,
);
