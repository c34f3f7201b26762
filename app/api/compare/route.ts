import { comparisonAnswer } from "@/lib/api/views";
import { route } from "@/lib/http/route";

/** The comparison of `?ids=a,b,…` (first = baseline) as JSON, CSV or Markdown (`format=json|csv|md`). */
export const GET = route({ access: "viewer" }, async ({ req }) => {
  const q = new URL(req.url).searchParams;
  const format = q.get("format");
  return comparisonAnswer({
    ids: (q.get("ids") ?? "").split(",").filter(Boolean),
    format: format === "md" || format === "csv" ? format : "json",
  });
});
