import { signOut } from "@/lib/auth/login";
import { sessionSetCookie } from "@/lib/auth/session-cookie";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";

/** Ends the current browser session and clears its cookie. */
export const POST = route({ access: "viewer" }, async ({ principal, address }) => {
  if (principal?.sessionId)
    await signOut({ sessionId: principal.sessionId, username: principal.username, address });
  return json(
    { signedOut: true },
    { headers: { "set-cookie": sessionSetCookie({ value: "", maxAgeSeconds: 0, secure: false }) } },
  );
});
