import { route } from "@/lib/http/route";
import { panelMetricsText } from "@/lib/metrics";

export const dynamic = "force-dynamic";

/**
 * The panel's own metrics in Prometheus text format. Viewer is enough: it shows timings and counts
 * a viewer already sees on the runs pages, never a secret; scrape it with a viewer API token.
 */
export const GET = route({ access: "viewer" }, async () => {
  const { text, contentType } = await panelMetricsText();
  return new Response(text, { headers: { "content-type": contentType, "cache-control": "no-store" } });
});
