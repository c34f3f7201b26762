import { pageCount, Pager } from "@/components/ui/pager";
import { requirePageRole } from "@/lib/auth/page";
import { listAudit } from "@/lib/db/audit";
import { clampPage } from "@/lib/http/query";
import { DataTable, rowClass } from "@/components/ui/data-table";

export const dynamic = "force-dynamic";

const PAGE_SIZE = 100;

const AuditPage = async ({ searchParams }: { searchParams: Promise<{ page?: string }> }) => {
  await requirePageRole("admin");
  const page = clampPage((await searchParams).page);
  const { entries, total } = await listAudit({ page, pageSize: PAGE_SIZE });
  const pages = pageCount(total, PAGE_SIZE);
  return (
    <div className="space-y-4">
      <div className="flex items-center gap-4">
        <h1 className="text-2xl font-semibold">Audit log</h1>
        <a href="/api/audit?format=csv" className="text-sm underline">
          Export CSV
        </a>
        <span className="ml-auto text-sm text-zinc-500">
          {total} entries · page {page} of {pages}
        </span>
      </div>
      <DataTable
        testId="audit-table"
        columns={["When (UTC)", "Who", "Action", "Target", "Result", "Address", "Detail"]}
      >
        {entries.map((entry) => (
          <tr key={entry.id} className={`${rowClass} align-top`}>
            <td className="py-1.5 whitespace-nowrap">
              {entry.at.toISOString().replace("T", " ").slice(0, 19)}
            </td>
            <td>{entry.actor ?? "—"}</td>
            <td className="font-mono text-xs">{entry.action}</td>
            <td>{entry.target ?? ""}</td>
            <td>{entry.ok ? "ok" : "refused"}</td>
            <td className="text-xs">{entry.address ?? ""}</td>
            <td className="max-w-xs truncate font-mono text-xs" title={entry.detail ?? ""}>
              {entry.detail ?? ""}
            </td>
          </tr>
        ))}
      </DataTable>
      <Pager page={page} pages={pages} href={(p) => `?page=${p}`} />
    </div>
  );
};

export default AuditPage;
