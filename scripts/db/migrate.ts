// `npm run db:migrate`: brings the panel's database (DATABASE_URL, default SQLite data/panel.db) to
// the committed schema. SQLite through `prisma migrate deploy`; PostgreSQL through the panel's own
// runner (lib/db/postgres-migrations.ts — Prisma's cannot migrate over the pg adapter in 6.19).
import { execFileSync } from "node:child_process";
import { migratePostgres } from "../../lib/db/postgres-migrations";
import { databaseUrl, isPostgresUrl } from "../../lib/db/url";

const url = databaseUrl();
if (isPostgresUrl(url)) {
  const applied = await migratePostgres({ url });
  console.log(
    applied.length > 0
      ? `Applied ${applied.length} migration(s): ${applied.join(", ")}`
      : "Database is up to date.",
  );
} else {
  execFileSync("npx", ["prisma", "migrate", "deploy"], { stdio: "inherit" });
}
