import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { imageKitStatus } from "@/lib/operations/image-kit";

/** Whether the local images are present and current, and how to build them. */
export const GET = route({ access: "viewer" }, async () => json(await imageKitStatus()));
