import { batchAction } from "@/lib/api/actions";
import { ZBatchRequest } from "@/lib/api/requests";
import { route } from "@/lib/http/route";

/** Runs deploy + teardown N times (operator); answers the batch id and the first run id at once. */
export const POST = route({ access: "operator", body: ZBatchRequest }, batchAction);
