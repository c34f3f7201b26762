import { requirePageRole } from "@/lib/auth/page";
import { listAudit } from "@/lib/db/audit";
import { clampPage } from "@/lib/http/query";

export const dynamic = "force-dynamic";

const AuditPage = async ({ searchParams }: { searchParams: Promise<{ page?: string }> }) => {
  await requirePageRole("admin");
  const page = clampPage((await searchParams).page);
  const { entries, total } = await listAudit({ page, pageSize: 100 });
  const pages = Math.max(1, Math.ceil(total / 100));
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
      <table className="w-full text-left text-sm" data-testid="audit-table">
        <thead className="text-zinc-500">
          <tr>
            <th className="py-2">When (UTC)</th>
            <th>Who</th>
            <th>Action</th>
            <th>Target</th>
            <th>Result</th>
            <th>Address</th>
            <th>Detail</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id} className="border-t border-zinc-200 align-top dark:border-zinc-800">
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
        </tbody>
      </table>
      <nav className="flex gap-3 text-sm" aria-label="Pages">
        {page > 1 && (
          <a href={`?page=${page - 1}`} className="underline">
            Newer
          </a>
        )}
        {page < pages && (
          <a href={`?page=${page + 1}`} className="underline">
            Older
          </a>
        )}
      </nav>
    </div>
  );
};

export default AuditPage;
