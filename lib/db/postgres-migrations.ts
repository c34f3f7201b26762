// Applies prisma/postgres/migrations to a PostgreSQL database. `prisma migrate deploy` cannot do it
// over the pg driver adapter in 6.19 (the JS schema engine fails on PostgreSQL's `name` columns:
// prisma/orm#27403), and the binary engines cannot be downloaded here; the migrations are plain SQL
// files, so the panel applies them itself: in folder order, each in one transaction, recorded with
// its checksum in `_panel_migrations` (a changed file that was applied already is refused).
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Client } from "pg";

export const POSTGRES_MIGRATIONS = path.join("prisma", "postgres", "migrations");

type Migration = { name: string; sql: string; checksum: string };

const migrationsIn = (dir: string): Migration[] =>
  readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });

/** Applies the migrations `url` has not had yet; returns the names applied now. */
export const migratePostgres = async ({
  url,
  dir = POSTGRES_MIGRATIONS,
}: {
  url: string;
  dir?: string;
}): Promise<string[]> => {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `CREATE TABLE IF NOT EXISTS "_panel_migrations" (
         "name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "appliedAt" TIMESTAMPTZ NOT NULL DEFAULT now())`,
    );
    const applied = new Map<string, string>();
    const rows = await client.query<{ name: string; checksum: string }>(
      `SELECT "name", "checksum" FROM "_panel_migrations"`,
    );
    for (const row of rows.rows) applied.set(row.name, row.checksum);
    const done: string[] = [];
    for (const migration of migrationsIn(dir)) {
      const before = applied.get(migration.name);
      if (before === migration.checksum) continue;
      if (before !== undefined)
        throw new Error(
          `Migration ${migration.name} was changed after it was applied to this database (checksum ${before.slice(0, 12)}… now ${migration.checksum.slice(0, 12)}…): restore the file, and put the change in a new migration (scripts/db/new-migration.sh).`,
        );
      await client.query("BEGIN");
      try {
        // One migrator at a time (two panels starting together): the second finds it applied.
        await client.query("SELECT pg_advisory_xact_lock(4600)");
        const again = await client.query(`SELECT 1 FROM "_panel_migrations" WHERE "name" = $1`, [
          migration.name,
        ]);
        if (again.rowCount === 0) {
          await client.query(migration.sql);
          await client.query(`INSERT INTO "_panel_migrations" ("name", "checksum") VALUES ($1, $2)`, [
            migration.name,
            migration.checksum,
          ]);
          done.push(migration.name);
        }
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(
          `Migration ${migration.name} failed and was rolled back: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    return done;
  } finally {
    await client.end();
  }
};
