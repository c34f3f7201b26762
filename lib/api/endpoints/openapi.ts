// GET /api/v1/openapi.json: the document, public (it holds no data, only the API's shape).
import { route } from "@/lib/http/route";
import { buildOpenApiDocument } from "../openapi";
import { readQuery } from "../endpoint";

export const openApiHandle = route({ access: "public" }, async ({ req }) => {
  readQuery(req, undefined);
  return Response.json(buildOpenApiDocument(), { headers: { "cache-control": "no-cache" } });
});
