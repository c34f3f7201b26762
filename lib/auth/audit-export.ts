import type { AuditRecord } from "@/lib/db/audit";
import { csvField } from "@/lib/csv";

const CSV_COLUMNS = ["at", "actor", "action", "target", "ok", "address", "detail"] as const;
const csvCell = (value: unknown): string =>
  csvField(
    value instanceof Date ? value.toISOString() : value === null || value === undefined ? "" : String(value),
  );

/** The audit log as CSV (RFC 4180 quoting), header first. */
export const auditToCsv = (entries: AuditRecord[]): string =>
  [CSV_COLUMNS.join(","), ...entries.map((e) => CSV_COLUMNS.map((c) => csvCell(e[c])).join(","))].join("\n") +
  "\n";
