// The document covers the routes that exist and nothing else: a route file under app/api/v1 without
// an endpoint definition (or a definition without its file) fails here, naming it.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "./openapi";

const V1_DIR = path.resolve(__dirname, "../../app/api/v1");

const routeFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? routeFiles(full) : name === "route.ts" ? [full] : [];
  });

/** `METHOD /api/v1/path/{param}` for each handler a route file exports. */
const routesOnDisk = (): string[] =>
  routeFiles(V1_DIR).flatMap((file) => {
    const folder = path.relative(V1_DIR, path.dirname(file)).split(path.sep).filter(Boolean);
    const apiPath = `/api/v1/${folder.map((part) => part.replace(/^\[(.+)\]$/, "{$1}")).join("/")}`.replace(
      /\/$/,
      "",
    );
    const methods = [...readFileSync(file, "utf8").matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)];
    return methods.map((m) => `${m[1]} ${apiPath}`);
  });

const documented = (): string[] =>
  Object.entries(buildOpenApiDocument().paths).flatMap(([p, ops]) =>
    Object.keys(ops).map((method) => `${method.toUpperCase()} ${p}`),
  );

describe("the /api/v1 OpenAPI document", () => {
  it("has an entry for every route file under app/api/v1, and a file for every entry", () => {
    const onDisk = routesOnDisk().sort();
    expect(onDisk.length).toBeGreaterThanOrEqual(13);
    expect(documented().sort()).toEqual(onDisk);
  });

  it("is OpenAPI 3.1 whose every schema compiles as JSON Schema 2020-12", () => {
    const doc = buildOpenApiDocument();
    expect(doc.openapi).toBe("3.1.0");
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    let compiled = 0;
    for (const ops of Object.values(doc.paths))
      for (const op of Object.values(ops)) {
        for (const answer of Object.values(op.responses))
          for (const media of Object.values(answer.content ?? {})) {
            ajv.compile(media.schema);
            compiled += 1;
          }
        const body = (op.requestBody as { content: Record<string, { schema: object }> } | undefined)?.content;
        if (body) ajv.compile(body["application/json"]!.schema);
      }
    expect(compiled).toBeGreaterThan(40);
  });

  it("documents unknown fields as refused in every request body", () => {
    const doc = buildOpenApiDocument();
    const deploy = doc.paths["/api/v1/deploy"]!.post!.requestBody as {
      content: {
        "application/json": {
          schema: {
            additionalProperties: unknown;
            properties: Record<string, { additionalProperties?: unknown }>;
          };
        };
      };
    };
    const schema = deploy.content["application/json"].schema;
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.tuning?.additionalProperties).toBe(false);
  });
});
