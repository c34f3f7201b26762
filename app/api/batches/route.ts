import { z } from "zod";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { MAX_BATCH_RUNS, startBatch } from "@/lib/operations/batch";
import { withLegacyFit, ZDeployRequestFields } from "@/lib/operations/deploy-settings";

const ZBatch = withLegacyFit(
  ZDeployRequestFields.extend({
    times: z.number().int().min(2, "at least 2 runs").max(MAX_BATCH_RUNS, `at most ${MAX_BATCH_RUNS} runs`),
  }),
);

/** Runs deploy + teardown N times (operator); answers the batch id and the first run id at once. */
export const POST = route({ access: "operator", body: ZBatch }, async ({ principal, address, body }) => {
  const { times, ...request } = body;
  return json(await startBatch({ principal, address, request, times }), { status: 202 });
});
