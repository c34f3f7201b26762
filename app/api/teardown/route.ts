import { teardownAction } from "@/lib/api/actions";
import { ZTeardownRequest } from "@/lib/api/requests";
import { route } from "@/lib/http/route";

/** Tears a topology's cluster down (operator); answers the run id at once. */
export const POST = route({ access: "operator", body: ZTeardownRequest }, teardownAction);
