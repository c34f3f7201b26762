// The OpenAPI 3.1 document of /api/v1, generated from the endpoints' own zod schemas (zod 4's JSON
// Schema output is draft 2020-12, the dialect OpenAPI 3.1 uses), so it describes exactly what the
// routes check and answer.
import { z } from "zod";
import type { AppErrorCode } from "@/lib/errors";
import { STATUS_OF_CODE } from "@/lib/http/respond";
import { PANEL_VERSION } from "@/lib/version";
import { API_V1_PREFIX, type AnswerSpec, type EndpointSpec } from "./endpoint";
import { API_V1_ENDPOINTS } from "./registry";
import { envelopeOf, ZErrorEnvelope } from "./schemas";

type JsonSchema = Record<string, unknown>;
export type OpenApiDocument = {
  openapi: "3.1.0";
  paths: Record<
    string,
    Record<
      string,
      { responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }> } & JsonSchema
    >
  >;
} & JsonSchema;

/** A zod schema as JSON Schema: `input` for what a client sends (defaults optional), `output` for answers. */
export const jsonSchemaOf = (schema: z.ZodType, io: "input" | "output"): JsonSchema => {
  const generated = z.toJSONSchema(schema, {
    io,
    target: "draft-2020-12",
    unrepresentable: "any",
  }) as JsonSchema;
  // The dialect is said once, at the document's top (jsonSchemaDialect).
  delete generated.$schema;
  return generated;
};

const ERROR_TEXT: Record<AppErrorCode, string> = {
  bad_request: "invalid input: details lists each field as { path, message }",
  unauthorized: "no valid session or API token",
  forbidden: "the caller's role (or token scope) does not allow this",
  not_found: "the run or topology does not exist",
  conflict: "the project is busy, or the cluster is not in a state that allows this",
  payload_too_large: "the body is over 1 MiB",
  too_many_requests: "too many requests",
  engine_unreachable: "the Docker engine does not answer",
  engine_error: "the Docker engine refused a call (its answer is in the message)",
  database_unavailable: "the panel's database cannot be written or read (read-only, locked, gone)",
  insufficient_storage:
    "the panel's database (its path and free space in the message) or the Docker engine's disk is full: nothing was started",
  internal: "a panel bug: the message names the request and a reference into the panel log",
};

const contentOf = (answer: AnswerSpec): [string, { schema: JsonSchema }] => {
  if (answer.kind === "envelope")
    return ["application/json", { schema: jsonSchemaOf(envelopeOf(answer.data), "output") }];
  if (answer.kind === "raw-json")
    return ["application/json", { schema: jsonSchemaOf(answer.schema, "output") }];
  return [answer.contentType, { schema: { type: "string" } }];
};

const responsesOf = (spec: EndpointSpec) => {
  const responses: Record<string, { description: string; content: Record<string, { schema: JsonSchema }> }> =
    {};
  for (const answer of spec.answers) {
    const key = String(answer.status);
    const entry = (responses[key] ??= { description: answer.description, content: {} });
    if (entry.description !== answer.description)
      entry.description = `${entry.description}; or ${answer.description}`;
    const [type, media] = contentOf(answer);
    entry.content[type] = media;
  }
  const codes = [
    "bad_request",
    ...(spec.access === "public" ? [] : (["unauthorized", "forbidden"] as const)),
    ...(spec.body ? (["payload_too_large"] as const) : []),
    ...spec.errors,
    "internal",
  ] as const;
  const error = { "application/json": { schema: jsonSchemaOf(ZErrorEnvelope, "output") } };
  for (const code of codes) {
    const key = String(STATUS_OF_CODE[code]);
    // Two codes may share a status (503: the engine or the database): both are described.
    const description = responses[key]
      ? `${responses[key].description}; or ${ERROR_TEXT[code]}`
      : ERROR_TEXT[code];
    responses[key] = { description, content: error };
  }
  return responses;
};

const parametersOf = (spec: EndpointSpec) => {
  const inPath = (spec.params ? Object.keys(spec.params.shape) : []).map((name) => ({
    name,
    in: "path",
    required: true,
    schema: jsonSchemaOf((spec.params as z.ZodObject).shape[name] as z.ZodType, "input"),
  }));
  const query = spec.query ? jsonSchemaOf(spec.query, "input") : null;
  const required = new Set((query?.required as string[] | undefined) ?? []);
  const inQuery = Object.entries((query?.properties as Record<string, JsonSchema> | undefined) ?? {}).map(
    ([name, schema]) => ({
      name,
      in: "query",
      required: required.has(name),
      ...(typeof schema.description === "string" ? { description: schema.description } : {}),
      schema,
    }),
  );
  return [...inPath, ...inQuery];
};

const operationOf = (spec: EndpointSpec) => ({
  operationId: `${spec.method.toLowerCase()}${spec.path
    .replace(/[{}]/g, "")
    .replace(/\/(\w)/g, (_, c: string) => c.toUpperCase())
    .replace(/[^A-Za-z0-9]/g, "")}`,
  summary: spec.summary,
  description: [spec.description, `Role: ${spec.access}.`].filter(Boolean).join("\n\n"),
  tags: [spec.tag],
  "x-required-role": spec.access,
  ...(spec.access === "public" ? { security: [] } : {}),
  parameters: parametersOf(spec),
  ...(spec.body
    ? {
        requestBody: {
          required: true,
          content: { "application/json": { schema: jsonSchemaOf(spec.body, "input") } },
        },
      }
    : {}),
  responses: responsesOf(spec),
});

/** The document itself is an endpoint too, public so tools can read it before they hold a token. */
export const OPENAPI_SPEC: EndpointSpec = {
  method: "GET",
  path: "/openapi.json",
  tag: "meta",
  summary: "This OpenAPI 3.1 document (public; raw JSON, not in the envelope)",
  access: "public",
  query: z.strictObject({}),
  answers: [
    {
      status: 200,
      description: "the document",
      kind: "raw-json",
      schema: z.looseObject({ openapi: z.literal("3.1.0") }),
    },
  ],
  errors: [],
};

/** Every endpoint's spec, the document's own included. */
export const allSpecs = (): EndpointSpec[] => [...API_V1_ENDPOINTS.map((e) => e.spec), OPENAPI_SPEC];

/** Builds the document (pure; the route caches nothing because it is cheap). */
export const buildOpenApiDocument = (): OpenApiDocument => {
  const paths: OpenApiDocument["paths"] = {};
  for (const spec of allSpecs())
    (paths[`${API_V1_PREFIX}${spec.path}`] ??= {})[spec.method.toLowerCase()] = operationOf(spec);
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: "OllamaMax Control Panel API",
      version: PANEL_VERSION,
      description:
        "Versioned API of the panel: the same server code as its pages. Answers are `{ ok: true, data }` or `{ ok: false, error: { code, message, details } }`. Authenticate with `Authorization: Bearer <API token>` (Settings → API tokens); the token's role applies. Unknown body fields and query parameters are refused by name. Lists page by cursor: pass `nextCursor` back as `?cursor=`.",
    },
    servers: [{ url: "/" }],
    security: [{ bearerAuth: [] }, { sessionCookie: [] }],
    components: {
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "an API token: omx_…" },
        sessionCookie: { type: "apiKey", in: "cookie", name: "omx_session" },
      },
    },
    paths,
  };
};
