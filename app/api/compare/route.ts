import { AppError } from "@/lib/errors";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { comparisonCsv, comparisonMarkdown } from "@/lib/runs/compare";
import { loadComparison } from "@/lib/runs/load-comparison";

/** The comparison of `?ids=a,b,…` (first = baseline) as JSON, CSV or Markdown (`format=json|csv|md`). */
export const GET = route({ access: "viewer" }, async ({ req }) => {
  const q = new URL(req.url).searchParams;
  const ids = (q.get("ids") ?? "").split(",").filter(Boolean);
  if (ids.length < 2)
    throw new AppError("bad_request", "Pass two or more run ids: ?ids=<baseline>,<other>[,…]");
  const comparison = await loadComparison(ids);
  const format = q.get("format") ?? "json";
  if (format === "md")
    return new Response(comparisonMarkdown(comparison), {
      headers: { "content-type": "text/markdown; charset=utf-8" },
    });
  if (format === "csv")
    return new Response(comparisonCsv(comparison), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": 'attachment; filename="ollamamax-comparison.csv"',
      },
    });
  return json({ headers: comparison.headers, tables: comparison.tables });
});
