// The migration that makes usernames case-insensitive, on a database holding accounts that
// differed only by case (allowed before): the oldest keeps its name, newer ones are renamed and
// the renames are audited; sign-in keys are unique.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";

const MIGRATIONS = path.join(process.cwd(), "prisma", "migrations");
const THIS_ONE = "auth_two_factor_scoped_tokens";

describe("case-insensitive usernames migration", () => {
  it("renames newer case duplicates, audits it and fills the unique key", () => {
    const db = new Database(":memory:");
    const folders = fs
      .readdirSync(MIGRATIONS)
      .filter((f) => fs.statSync(path.join(MIGRATIONS, f)).isDirectory())
      .sort();
    const index = folders.findIndex((f) => f.endsWith(THIS_ONE));
    expect(index).toBeGreaterThan(0);
    for (const folder of folders.slice(0, index))
      db.exec(fs.readFileSync(path.join(MIGRATIONS, folder, "migration.sql"), "utf8"));
    const insert = db.prepare(
      "INSERT INTO User (id, username, passwordHash, role, createdAt) VALUES (?, ?, 'h', 'viewer', ?)",
    );
    insert.run("cold000000aaaaaa", "Alice", "2026-01-01T00:00:00Z");
    insert.run("cnew000000bbbbbb", "alice", "2026-01-02T00:00:00Z");
    insert.run("cnew000000cccccc", "ALICE", "2026-01-03T00:00:00Z");
    insert.run("cbob000000dddddd", "bob", "2026-01-01T00:00:00Z");

    db.exec(fs.readFileSync(path.join(MIGRATIONS, folders[index]!, "migration.sql"), "utf8"));

    expect(db.prepare("SELECT username, usernameKey FROM User ORDER BY createdAt, id").all()).toEqual([
      { username: "bob", usernameKey: "bob" },
      { username: "Alice", usernameKey: "alice" },
      { username: "alice-bbbbbb", usernameKey: "alice-bbbbbb" },
      { username: "ALICE-cccccc", usernameKey: "alice-cccccc" },
    ]);
    const audits = db.prepare("SELECT action, target, detail FROM AuditEvent ORDER BY target").all();
    expect(audits).toHaveLength(2);
    expect(audits[0]).toMatchObject({ action: "user.rename_case_duplicate", target: "ALICE-cccccc" });
    expect(() => insert.run("cx", "x", "2026-01-04T00:00:00Z")).toThrow(/usernameKey/);
  });
});
