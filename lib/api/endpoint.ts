// One definition per /api/v1 endpoint: method, path, role, the zod schemas of its input and
// answers, and the handler. The route file exports the handler; the OpenAPI document is built from
// the same definitions, so the document cannot describe input the route does not check.
import { z } from "zod";
import type { TokenScope } from "@/lib/auth/token-scope";
import type { AppErrorCode } from "@/lib/errors";
import { invalidInput } from "@/lib/http/field-problems";
import { route, type Access, type RouteContext } from "@/lib/http/route";

export const API_V1_PREFIX = "/api/v1";

export type HttpMethod = "GET" | "POST" | "DELETE";

/** What one answer carries: JSON in the `{ ok: true, data }` envelope, raw JSON, or text. */
export type AnswerSpec =
  | { status: number; description: string; kind: "envelope"; data: z.ZodType }
  | { status: number; description: string; kind: "raw-json"; schema: z.ZodType }
  | {
      status: number;
      description: string;
      kind: "text";
      contentType: "text/csv" | "text/markdown" | "text/event-stream" | "application/pdf";
    };

/** The endpoint's description without its handler: what the OpenAPI document is built from. */
export type EndpointSpec = {
  method: HttpMethod;
  /** OpenAPI path below /api/v1, parameters in braces: `/runs/{id}`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  acceptsScope?: TokenScope["kind"];
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  answers: AnswerSpec[];
  /** Error codes this endpoint answers besides the ones every endpoint may (400, 401, 403, 500). */
  errors: Exclude<
    AppErrorCode,
    "bad_request" | "unauthorized" | "forbidden" | "payload_too_large" | "internal"
  >[];
};

export type EndpointContext<B, Q, A extends Access> = RouteContext<B, A> & { query: Q };

export type Endpoint = {
  spec: EndpointSpec;
  /** The Next route handler: `export const GET = endpoint.handle`. */
  handle: ReturnType<typeof route>;
};

/** Reads the query string through the endpoint's schema: unknown parameters are refused by name. */
export const readQuery = <Q>(req: Request, schema: z.ZodType<Q> | undefined): Q => {
  const raw = Object.fromEntries(new URL(req.url).searchParams);
  const parsed = (schema ?? z.strictObject({})).safeParse(raw);
  if (!parsed.success)
    throw invalidInput({ issues: parsed.error.issues, root: "query", what: "query parameters" });
  return parsed.data as Q;
};

/** Defines an endpoint: its spec for the document, its handler wrapped in `route()`. */
export const defineEndpoint = <B = undefined, Q = Record<string, never>, A extends Access = Access>(
  spec: Omit<EndpointSpec, "access" | "body" | "query"> & {
    access: A;
    body?: z.ZodType<B>;
    query?: z.ZodObject & z.ZodType<Q>;
  },
  handler: (ctx: EndpointContext<B, Q, A>) => Promise<Response>,
): Endpoint => ({
  spec,
  handle: route<B, A>(
    { access: spec.access, body: spec.body, acceptsScope: spec.acceptsScope },
    async (ctx) => handler({ ...ctx, query: readQuery(ctx.req, spec.query) }),
  ),
});
