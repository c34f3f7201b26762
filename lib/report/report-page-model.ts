// The report page's model (app/(panel)/topology/report): the report, its HTML body (the same one the
// PDF prints) and the download links; and the links other pages show to it.
import { AppError } from "@/lib/errors";
import { markdownToHtml } from "./html";
import { loadReport } from "./load-report";
import { reportMarkdown } from "./markdown";

/** The page's path for a topology's report (vs another). */
export const reportPageHref = ({ name, vs = null }: { name: string; vs?: string | null }): string =>
  `/topology/report?name=${encodeURIComponent(name)}${vs ? `&vs=${encodeURIComponent(vs)}` : ""}`;

/**
 * The report link for compared runs: the last run's topology against the baseline's (first) when
 * they differ, else that topology alone; null without runs.
 */
export const compareReportHref = (runs: { topology: string }[]): string | null => {
  const baseline = runs[0]?.topology;
  const last = runs.at(-1)?.topology;
  if (!baseline || !last) return null;
  return reportPageHref({ name: last, vs: last === baseline ? null : baseline });
};

/** The page's model, or an error sentence (unknown topology, one that does not load). */
export const loadReportPage = async ({ name, vs }: { name?: string; vs?: string }) => {
  if (!name) return { error: "Name a topology: /topology/report?name=optimized" } as const;
  try {
    const report = await loadReport({ name, vs: vs || null });
    const api = `/api/v1/topologies/${encodeURIComponent(name)}/report?${vs ? `vs=${encodeURIComponent(vs)}&` : ""}format=`;
    return {
      error: null,
      report,
      html: markdownToHtml(reportMarkdown(report)),
      downloads: [
        { label: "Markdown", href: `${api}md` },
        { label: "PDF", href: `${api}pdf` },
        { label: "JSON", href: `${api}json` },
      ],
    } as const;
  } catch (error) {
    if (error instanceof Error && (error as Partial<AppError>).code) return { error: error.message } as const;
    throw error;
  }
};
