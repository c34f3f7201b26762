// Prisma 6.19 with the JS schema engine over a driver adapter: nothing here downloads a binary
// engine. SQLite (better-sqlite3) by default; a postgresql:// DATABASE_URL selects PostgreSQL (pg),
// with its own schema and migrations under prisma/postgres/ (kept in step by scripts/db/new-migration.sh).
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";
import { databaseUrl, isPostgresUrl } from "./lib/db/url";

// The CLI tries to download a query engine when the schema's DATABASE_URL is unset, even with the
// JS engine (seen with 6.19.3, offline). The adapter's URL is the one that counts; mirror it.
process.env.DATABASE_URL ??= databaseUrl();
const url = databaseUrl();
const postgres = isPostgresUrl(url);
const folder = postgres ? path.join("prisma", "postgres") : "prisma";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(folder, "schema.prisma"),
  migrations: { path: path.join(folder, "migrations") },
  adapter: async () =>
    postgres ? new PrismaPg({ connectionString: url }) : new PrismaBetterSQLite3({ url }),
});
