// Page guards for server components: anonymous → /login (or /setup on a new panel); too low a role → 403.
import { cookies, headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { countUsers } from "@/lib/db/users";
import { principalFromHeaders, type Principal } from "./principal";
import { hasRole, type Role } from "./roles";

/**
 * The signed-in principal for this page request, or null. Cached per request: the layout and the
 * page both guard (a layout does not protect its pages), and a token lookup writes lastUsedAt.
 */
export const pagePrincipal = cache(async (): Promise<Principal | null> => {
  const [cookieStore, headerStore] = await Promise.all([cookies(), headers()]);
  return principalFromHeaders({
    cookie: cookieStore.toString(),
    authorization: headerStore.get("authorization"),
  });
});

/** Ensures a signed-in principal with at least `role`, redirecting or answering 403 otherwise. */
export const requirePageRole = async (role: Role): Promise<Principal> => {
  const principal = await pagePrincipal();
  if (!principal) redirect((await countUsers()) === 0 ? "/setup" : "/login");
  if (!hasRole({ actual: principal.role, needed: role })) forbidden();
  return principal;
};
