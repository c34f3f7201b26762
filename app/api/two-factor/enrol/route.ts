import { startEnrolment } from "@/lib/auth/two-factor";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";

/** Starts enrolment: the seed, otpauth:// URI and QR code, in this answer only. */
export const POST = route({ access: "viewer" }, async ({ principal, address }) =>
  json(await startEnrolment({ principal, address })),
);
