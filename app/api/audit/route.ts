import { downloadAnswer } from "@/lib/api/download";
import { auditToCsv } from "@/lib/auth/audit-export";
import { listAudit } from "@/lib/db/audit";
import { json } from "@/lib/http/respond";
import { pageParam } from "@/lib/http/query";
import { route } from "@/lib/http/route";

/** The audit log (admin): `?page=`, `?format=csv` for an export of everything. */
export const GET = route({ access: "admin" }, async ({ req }) => {
  const url = new URL(req.url);
  if (url.searchParams.get("format") === "csv") {
    const { entries } = await listAudit({ page: 1, pageSize: 1_000_000 });
    return downloadAnswer({ body: auditToCsv(entries), name: "ollamamax-audit", extension: "csv" });
  }
  const page = pageParam(url.searchParams);
  return json(await listAudit({ page }));
});
