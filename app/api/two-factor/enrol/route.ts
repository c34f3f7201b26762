import { z } from "zod";
import { ZReauthPassword } from "@/lib/auth/reauthenticate";
import { startEnrolment } from "@/lib/auth/two-factor";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";

const ZEnrol = z.object({ password: ZReauthPassword });

/** Starts enrolment (needs the account's password; throttled): the seed, otpauth:// URI and QR code, in this answer only. */
export const POST = route({ access: "viewer", body: ZEnrol }, async ({ principal, address, body }) =>
  json(await startEnrolment({ principal, address, password: body.password })),
);
