// Writes docs/COMPOSE-KEYS.md from the key registry: `npx tsx scripts/compose/keys-doc.ts`.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { renderKeyTable } from "../../lib/compose/key-table";

const file = "docs/COMPOSE-KEYS.md";
writeFileSync(file, renderKeyTable());
// Prettier aligns the tables; the unit test compares rows, not spacing.
execFileSync("npx", ["prettier", "--write", file], { stdio: "inherit" });
