// /api/v1/compare: the comparison of stored runs, the same tables and files the Compare page exports.
import { z } from "zod";
import { defineEndpoint } from "../endpoint";
import { ZComparison } from "../schemas";
import { comparisonAnswer } from "../views";

export const compareEndpoint = defineEndpoint(
  {
    method: "GET",
    path: "/compare",
    tag: "runs",
    summary: "Compare runs (the first is the baseline) as JSON, CSV or Markdown",
    access: "viewer",
    query: z.strictObject({
      ids: z
        .string()
        .min(1, "two or more run ids, comma-separated")
        .describe("run ids, comma-separated, the baseline first"),
      format: z.enum(["json", "csv", "md"]).default("json"),
    }),
    answers: [
      { status: 200, description: "the comparison tables", kind: "envelope", data: ZComparison },
      { status: 200, description: "the tables as CSV (format=csv)", kind: "text", contentType: "text/csv" },
      {
        status: 200,
        description: "the tables as Markdown (format=md)",
        kind: "text",
        contentType: "text/markdown",
      },
    ],
    errors: ["not_found"],
  },
  async ({ query }) =>
    comparisonAnswer({
      ids: query.ids
        .split(",")
        .map((id) => id.trim())
        .filter(Boolean),
      format: query.format,
      requireAll: true,
    }),
);
