// Every route handler goes through `route()`: size limit, authentication, origin check, role check,
// body validation, one error envelope. A route cannot forget a step because it never writes them.
import type { z } from "zod";
import { principalFromHeaders, type Principal } from "@/lib/auth/principal";
import { hasRole, type Role } from "@/lib/auth/roles";
import type { TokenScope } from "@/lib/auth/token-scope";
import { AppError } from "@/lib/errors";
import { invalidInput } from "./field-problems";
import { isCrossSite, STATE_CHANGING } from "./origin";
import { errorFromThrown } from "./respond";

export const MAX_BODY_BYTES = 1024 * 1024;
/** Set by server.ts from the TCP peer; a client-sent value is overwritten there. */
export const REMOTE_ADDRESS_HEADER = "x-ollamamax-remote-address";

export type Access = Role | "public";
/** Role-gated handlers always have a principal; only public ones may be called anonymously. */
export type PrincipalFor<A extends Access> = A extends "public" ? Principal | null : Principal;
export type RouteContext<B, A extends Access = Access> = {
  req: Request;
  principal: PrincipalFor<A>;
  body: B;
  params: Record<string, string>;
  address: string | null;
};
export type RouteOptions<B, A extends Access = Access> = {
  access: A;
  body?: z.ZodType<B>;
  /** The token scope this state-changing route honours (it checks the scope's target itself). */
  acceptsScope?: TokenScope["kind"];
};
type NextRouteContext = { params: Promise<Record<string, string | string[]>> };

const readBody = async <B>(req: Request, schema: z.ZodType<B> | undefined): Promise<B> => {
  if (!schema) return undefined as B;
  const text = await req.text();
  if (text.length > MAX_BODY_BYTES)
    throw new AppError("payload_too_large", `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
  let raw: unknown;
  try {
    raw = text ? JSON.parse(text) : {};
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON.", [
      { path: "body", message: "not valid JSON" },
    ]);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw invalidInput({ issues: parsed.error.issues, root: "body", what: "fields" });
  return parsed.data;
};

/** A wrapped handler, carrying who may call it (so tests can walk every route's access). */
export type RouteHandler = ((req: Request, context: NextRouteContext) => Promise<Response>) & {
  access: Access;
  acceptsScope?: TokenScope["kind"];
};

/** Wraps a route handler with the panel's checks; `access` says who may call it. */
export const route = <B = undefined, A extends Access = Access>(
  { access, body, acceptsScope }: RouteOptions<B, A>,
  handler: (ctx: RouteContext<B, A>) => Promise<Response>,
): RouteHandler => {
  const handle = async (req: Request, context: NextRouteContext): Promise<Response> => {
    try {
      const length = Number(req.headers.get("content-length") ?? 0);
      if (length > MAX_BODY_BYTES)
        throw new AppError("payload_too_large", `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
      // A scoped token reads as a viewer here unless this route honours its scope.
      const principal = await principalFromHeaders({
        cookie: req.headers.get("cookie"),
        authorization: req.headers.get("authorization"),
        acceptsScope,
      });
      const scopeLimit = principal?.scope
        ? `This token may only deploy the topology "${principal.scope.topology}" and read what a viewer reads; use another token for this.`
        : null;
      if (access !== "public") {
        if (!principal)
          throw new AppError("unauthorized", "Sign in first (or send Authorization: Bearer <API token>).");
        if (!hasRole({ actual: principal.role, needed: access }))
          throw new AppError(
            "forbidden",
            scopeLimit ?? `This needs the ${access} role; you are ${principal.role}.`,
          );
      }
      if (scopeLimit && STATE_CHANGING.has(req.method) && principal?.scope?.kind !== acceptsScope)
        throw new AppError("forbidden", scopeLimit);
      if (
        STATE_CHANGING.has(req.method) &&
        principal?.via !== "token" &&
        isCrossSite({
          origin: req.headers.get("origin"),
          host: req.headers.get("host"),
          secFetchSite: req.headers.get("sec-fetch-site"),
        })
      )
        throw new AppError(
          "forbidden",
          "Cross-site request refused: use the panel's own pages or an API token.",
        );
      const params = Object.fromEntries(
        Object.entries((await context.params) ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]),
      );
      return await handler({
        req,
        // Checked above: a non-public route never reaches here without a principal.
        principal: principal as PrincipalFor<A>,
        body: await readBody(req, body),
        params,
        address: req.headers.get(REMOTE_ADDRESS_HEADER),
      });
    } catch (error) {
      return errorFromThrown(error, `${req.method} ${new URL(req.url).pathname}`);
    }
  };
  return Object.assign(handle, { access, acceptsScope });
};
