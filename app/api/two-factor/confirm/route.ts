import { z } from "zod";
import { confirmEnrolment } from "@/lib/auth/two-factor";
import { ZReauthPassword } from "@/lib/auth/reauthenticate";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";

const ZConfirm = z.object({
  code: z.string().regex(/^\s*\d{6}\s*$/, "the 6-digit code from your app"),
  password: ZReauthPassword,
});

/** Confirms enrolment with the password and the app's first code (throttled); answers the ten recovery codes, once. */
export const POST = route({ access: "viewer", body: ZConfirm }, async ({ principal, address, body }) =>
  json(await confirmEnrolment({ principal, address, ...body })),
);
