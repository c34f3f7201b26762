import fs from "node:fs";
import path from "node:path";

/**
 * The panel's database: DATABASE_URL, or SQLite in data/panel.db beside the project. A
 * `postgresql://` (or `postgres://`) URL selects PostgreSQL (prisma/postgres/, for teams that run
 * the panel highly available); anything else is an SQLite `file:` URL.
 */
export const databaseUrl = (): string => {
  const url = process.env.DATABASE_URL ?? `file:${path.resolve("data", "panel.db")}`;
  if (url.startsWith("file:")) {
    // SQLite creates the file but not its folder; a fresh clone has no data/ yet.
    fs.mkdirSync(path.dirname(url.slice("file:".length)), { recursive: true });
  }
  return url;
};

/** Whether a database URL names PostgreSQL rather than an SQLite file. */
export const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//.test(url);
