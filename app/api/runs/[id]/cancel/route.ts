import { cancelAction } from "@/lib/api/actions";
import { route } from "@/lib/http/route";

/** Cancels a deploy in flight (operator); it cleans up like a failure. */
export const POST = route({ access: "operator" }, cancelAction);
