// The data a migration must carry, counted: postgres rows of every table of the service's database
// (asked over TCP inside the container with the service's own POSTGRES_* settings, so a password
// that no longer matches the carried data fails the check), and MinIO objects (its single-drive
// layout keeps one xl.meta per object) read from the volume's archive through the backup helper.
import { createTarHasher } from "@/lib/backups/tar-hasher";
import type { EngineGate } from "@/lib/docker/engine-gate";
import { execCommand } from "@/lib/docker/exec";
import { readArchive, type ArchiveSource } from "@/lib/docker/volume-archive";
import type { DataCounts, PostgresDigest } from "./steps";

/** One row per table plus a summary row (tables, rows, md5 of every "schema.table=rows"), `|`-separated. */
export const ROW_COUNT_SQL = `WITH t AS (
  SELECT n.nspname || '.' || c.relname AS name,
    (xpath('/row/c/text()', query_to_xml(format('select count(*) as c from %I.%I', n.nspname, c.relname), false, true, '')))[1]::text::bigint AS rows
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%')
SELECT 'summary', count(*)::text, coalesce(sum(rows), 0)::text, md5(coalesce(string_agg(name || '=' || rows, ',' ORDER BY name), '')) FROM t
UNION ALL SELECT 'table', name, rows::text, '' FROM t`;

/** psql over TCP with the container's own settings; the SQL is its first argument ($0), never quoted into the script. */
const PSQL_SCRIPT =
  'PGPASSWORD="$POSTGRES_PASSWORD" exec psql -h 127.0.0.1 -U "${POSTGRES_USER:-postgres}" ' +
  '-d "${POSTGRES_DB:-${POSTGRES_USER:-postgres}}" -v ON_ERROR_STOP=1 -X -At -F "|" -c "$0"';

export type PostgresCount =
  { ok: true; rows: Record<string, number>; digest: PostgresDigest } | { ok: false; reason: string };

/** Parses psql's answer to ROW_COUNT_SQL (tables may be cut off by the exec's output cap; the summary is not). */
export const parseRowCounts = (output: string): PostgresCount => {
  const rows: Record<string, number> = {};
  let digest: PostgresDigest | null = null;
  for (const line of output.split("\n")) {
    const [tag, a = "", b = "", c = ""] = line.trim().split("|");
    if (tag === "summary") digest = { tables: Number(a), rows: Number(b), md5: c };
    else if (tag === "table" && /^\d+$/.test(b)) rows[a] = Number(b);
  }
  return digest
    ? { ok: true, rows, digest }
    : { ok: false, reason: output.trim().slice(0, 500) || "no answer" };
};

/** Counts the rows of every table of the postgres container's database. */
export const countPostgresRows = async ({ containerId }: { containerId: string }): Promise<PostgresCount> => {
  const result = await execCommand({
    id: containerId,
    command: ["sh", "-c", PSQL_SCRIPT, ROW_COUNT_SQL],
    timeoutMs: 60_000,
  });
  if (result.kind === "timed_out") return { ok: false, reason: "psql did not answer within 60 s" };
  if (result.exitCode !== 0)
    return { ok: false, reason: `psql exited ${result.exitCode}: ${result.output.trim().slice(0, 500)}` };
  // The summary row may come after the table rows: parse wherever it is.
  return parseRowCounts(result.output);
};

/** MinIO objects among a volume's file paths: one xl.meta per object, outside .minio.sys. */
export const minioObjectsOf = (paths: string[]): number =>
  paths.filter((p) => /(^|\/)xl\.meta$/.test(p) && !/(^|\/)\.minio\.sys\//.test(p)).length;

/** The regular files of a volume or data folder (paths inside it), read from its archive through the backup helper. */
export const volumeFilePaths = async ({
  gate,
  source,
}: {
  gate: EngineGate;
  source: ArchiveSource;
}): Promise<string[]> => {
  const read = await readArchive({ gate, source });
  const hasher = createTarHasher();
  try {
    for await (const chunk of read.stream) hasher.write(chunk as Buffer);
  } finally {
    await read.done();
  }
  return hasher
    .finish()
    .filter((e) => e.kind === "file")
    .map((e) => e.path);
};

/** Compares what B (or A after a rollback) holds with A's counts before: a sentence per difference. */
export const compareCounts = ({
  before,
  after,
}: {
  before: Pick<DataCounts, "postgresRows" | "postgresDigest">;
  after: { rows: Record<string, number>; digest: PostgresDigest };
}): { ok: boolean; detail: string } => {
  const was = before.postgresDigest;
  if (!was) return { ok: false, detail: "A's row counts were not taken before the move" };
  if (was.md5 === after.digest.md5)
    return {
      ok: true,
      detail: `${after.digest.tables} tables, ${after.digest.rows} rows: equal to A's before`,
    };
  const differences = [...new Set([...Object.keys(before.postgresRows ?? {}), ...Object.keys(after.rows)])]
    .filter((table) => before.postgresRows?.[table] !== after.rows[table])
    .slice(0, 10)
    .map(
      (table) => `${table} ${before.postgresRows?.[table] ?? "absent"} → ${after.rows[table] ?? "absent"}`,
    );
  return {
    ok: false,
    detail: `row counts differ: ${was.tables} tables / ${was.rows} rows before, ${after.digest.tables} / ${after.digest.rows} after${differences.length ? ` (${differences.join(", ")})` : ""}`,
  };
};
