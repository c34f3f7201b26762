// /api/v1 actions: deploy, cancel, teardown, scale, latency test. Each answers a run id at once;
// follow the run at /api/v1/runs/{id}/events.
import { z } from "zod";
import {
  batchAction,
  cancelAction,
  deployAction,
  latencyAction,
  redeployAction,
  scaleAction,
  teardownAction,
} from "../actions";
import { defineEndpoint, type EndpointSpec } from "../endpoint";
import {
  ZBatchRequestStrict,
  ZDeployRequestStrict,
  ZLatencyTestRequestStrict,
  ZRedeployRequestStrict,
  ZScaleRequestStrict,
  ZTeardownRequestStrict,
} from "../requests";
import { ZBatchStarted, ZCancelling, ZScaleStarted, ZStarted } from "../schemas";

/** What a run request may answer besides the common codes: the run's stated failures (startRun). */
const RUN_REQUEST_ERRORS = [
  "not_found",
  "conflict",
  "engine_unreachable",
  "engine_error",
  "database_unavailable",
  "insufficient_storage",
] as const satisfies EndpointSpec["errors"];

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
    errors: [...RUN_REQUEST_ERRORS],
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
    errors: [...RUN_REQUEST_ERRORS],
  },
  batchAction,
);

export const cancelEndpoint = defineEndpoint(
  {
    method: "POST",
    path: "/runs/{id}/cancel",
    tag: "actions",
    summary: "Cancel a deploy in flight",
    description:
      "Before it is ready it then cleans up like a failure (unless it was started with keepOnFailure); " +
      "after ready it only stops waiting for Docker's confirmation of the health checks (the cluster keeps " +
      "running, the run records the confirmation as not awaited). A node removal cannot be cancelled (409).",
    access: "operator",
    params: z.object({ id: z.string().describe("the run id") }),
    answers: [{ status: 202, description: "cancelling", kind: "envelope", data: ZCancelling }],
    errors: ["not_found", "conflict"],
  },
  cancelAction,
);

export const teardownEndpoint = defineEndpoint(
  {
    method: "POST",
    path: "/teardown",
    tag: "actions",
    summary: "Tear a topology's cluster down",
    description:
      "At any moment: a deploy or node addition in flight is stopped first (cancelled before ready, its " +
      "wait for Docker's confirmation ended after), a node removal let finish; the teardown holds the " +
      "project from the request on.",
    access: "operator",
    body: ZTeardownRequestStrict,
    answers: started("the teardown run started"),
    errors: [...RUN_REQUEST_ERRORS],
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
    errors: [...RUN_REQUEST_ERRORS],
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
    errors: [...RUN_REQUEST_ERRORS],
  },
  latencyAction,
);

export const redeployEndpoint = defineEndpoint(
  {
    method: "POST",
    path: "/runs/{id}/redeploy",
    tag: "actions",
    summary: "Deploy a past run again: its stored effective file and image IDs",
    description:
      "The run's effective compose file is read again as operator input (the deploy policy and the Engine gate judge it like any file) and each service runs the image ID the run ran, not what its tag names now. " +
      "Refused: an unknown run (404); a run that is not a deploy, has no stored file, or whose topology is running or busy (409 naming it); an image ID the engine no longer has (409, `details.images` with each tag's `currentId`: send `acceptCurrentImages: true` to use those). " +
      "The new run stores `settings.redeployOf`; Compare opens the two side by side.",
    access: "operator",
    acceptsScope: "deploy",
    params: z.object({ id: z.string().describe("the run to deploy again") }),
    body: ZRedeployRequestStrict,
    answers: started(
      "the new run started",
      ZStarted.extend({ redeployOf: z.string().describe("the run deployed again") }),
    ),
    errors: [...RUN_REQUEST_ERRORS],
  },
  redeployAction,
);
