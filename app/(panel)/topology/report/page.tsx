import Link from "next/link";
import { requirePageRole } from "@/lib/auth/page";
import { loadReportPage } from "@/lib/report/report-page-model";

export const dynamic = "force-dynamic";

// The analysis report (docs/REPORT.md). Its body is the HTML the PDF prints, escaped in lib/report/html.ts.
const ReportPage = async ({ searchParams }: { searchParams: Promise<{ name?: string; vs?: string }> }) => {
  await requirePageRole("viewer");
  const search = await searchParams;
  const model = await loadReportPage(search);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <Link href={`/topology?name=${encodeURIComponent(search.name ?? "")}`} className="text-sm underline">
          ← Topology
        </Link>
        {model.error === null &&
          model.downloads.map((d) => (
            <a key={d.label} href={d.href} className="text-sm underline">
              {d.label}
            </a>
          ))}
      </div>
      {model.error !== null ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {model.error}
        </p>
      ) : (
        <article
          data-testid="analysis-report"
          className="prose-report space-y-3 text-sm [&_h1]:text-2xl [&_h1]:font-semibold [&_h2]:mt-6 [&_h2]:text-lg [&_h2]:font-semibold [&_h3]:font-semibold [&_a]:underline [&_table]:w-full [&_td]:border [&_td]:border-zinc-300 [&_td]:px-2 [&_td]:py-1 [&_th]:border [&_th]:border-zinc-300 [&_th]:px-2 [&_th]:py-1 [&_th]:text-left [&_ul]:list-disc [&_ul]:pl-5 [&_pre]:overflow-x-auto [&_pre]:rounded [&_pre]:bg-zinc-100 [&_pre]:p-2 dark:[&_pre]:bg-zinc-900"
          dangerouslySetInnerHTML={{ __html: model.html }}
        />
      )}
    </div>
  );
};

export default ReportPage;
