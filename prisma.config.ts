// Prisma 6.19 with the JS schema engine over better-sqlite3: nothing here downloads a binary engine.
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";
import { databaseUrl } from "./lib/db/url";

// The CLI tries to download a query engine when the schema's DATABASE_URL is unset, even with the
// JS engine (seen with 6.19.3, offline). The adapter's URL is the one that counts; mirror it.
process.env.DATABASE_URL ??= databaseUrl();

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  adapter: async () => new PrismaBetterSQLite3({ url: databaseUrl() }),
});
