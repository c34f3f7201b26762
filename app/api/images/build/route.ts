import { recordAudit } from "@/lib/db/audit";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { startImageKitBuild } from "@/lib/operations/image-kit";
import { getImageKitRoom } from "@/lib/realtime/image-kit-room";

/** Builds the local image kit (admin, root on Debian); output streams to the `images` room. */
export const POST = route({ access: "admin" }, async ({ principal, address }) => {
  const room = getImageKitRoom();
  startImageKitBuild({ onLine: room.line, onDone: room.done });
  await recordAudit({ actor: principal.username, action: "images.build", address });
  return json({ building: true }, { status: 202 });
});
