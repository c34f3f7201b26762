import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { requestCancel } from "@/lib/operations/deploy";

/** Cancels a deploy in flight (operator); it cleans up like a failure. */
export const POST = route({ access: "operator" }, async ({ principal, address, params }) => {
  await requestCancel({ principal, address, runId: params.id ?? "" });
  return json({ cancelling: true }, { status: 202 });
});
