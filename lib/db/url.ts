import fs from "node:fs";
import path from "node:path";

/** The SQLite URL the panel uses: DATABASE_URL, or data/panel.db beside the project. */
export const databaseUrl = (): string => {
  const url = process.env.DATABASE_URL ?? `file:${path.resolve("data", "panel.db")}`;
  if (url.startsWith("file:")) {
    // SQLite creates the file but not its folder; a fresh clone has no data/ yet.
    fs.mkdirSync(path.dirname(url.slice("file:".length)), { recursive: true });
  }
  return url;
};
