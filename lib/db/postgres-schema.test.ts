import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

describe("prisma/postgres/schema.prisma", () => {
  it("is prisma/schema.prisma for PostgreSQL, as its last migration left it", () => {
    // When this fails, prisma/schema.prisma changed without a PostgreSQL migration: run
    // `bash scripts/db/new-migration.sh <name>`, which writes both migrations and this file.
    const generated = execFileSync("bash", ["scripts/db/postgres-schema.sh"], { encoding: "utf8" });
    expect(readFileSync("prisma/postgres/schema.prisma", "utf8")).toBe(generated);
    expect(generated).toContain('provider = "postgresql"');
    expect(generated).toMatch(/^model Run \{/m);
  });
});
