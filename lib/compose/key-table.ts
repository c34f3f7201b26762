// docs/COMPOSE-KEYS.md as text, rendered from the key registry (service-keys.ts) so the table
// cannot drift from what the loader does: compose-keys.test.ts compares the two.
import { KEY_TABLES } from "./service-keys";
import type { KeyStatus } from "./service-keys";

const STATUS_TEXT: Record<KeyStatus, string> = {
  applied: "applied",
  panel: "panel-managed",
  refused: "refused at load",
};

const cell = (text: string): string => text.replace(/\|/g, "\\|");

/** One table row as the docs show it: key, status text, note. */
export type KeyRow = [key: string, status: string, note: string];

/** Every row of every table, in the docs' order. */
export const keyRows = (): KeyRow[] =>
  KEY_TABLES.flatMap(({ prefix, keys }) =>
    Object.entries(keys)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, entry]): KeyRow => [`\`${prefix}${key}\``, STATUS_TEXT[entry.status], cell(entry.note)]),
  );

/** The whole markdown document of the key table. */
export const renderKeyTable = (): string => {
  const sections = KEY_TABLES.map(({ section, prefix, keys }) => {
    const rows = Object.entries(keys)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, entry]) => `| \`${prefix}${key}\` | ${STATUS_TEXT[entry.status]} | ${cell(entry.note)} |`);
    return [
      `## ${section}`,
      "",
      "| Key | Status | What the panel does |",
      "| --- | --- | --- |",
      ...rows,
    ].join("\n");
  });
  return [
    "# Compose keys",
    "",
    "Every key of the Compose Specification (lib/compose/compose-spec.json) and what the panel does",
    "with it. **applied**: passed to the container as `docker compose` passes it (the Engine API field",
    "is named). **panel-managed**: the panel does it itself (start order, readiness, restart once the",
    "run is ready, …). **refused at load**: the file does not load; the error names the key, the",
    "service and the line. Host-reaching options (privileged, host namespaces, capabilities, devices,",
    "binds outside the topology folder, the Docker socket) are applied only as the deploy policy allows.",
    "`x-*` extension keys are accepted and ignored, as by Compose (`x-phase` names a startup phase).",
    "",
    "Generated from lib/compose/service-keys.ts by `npx tsx scripts/compose/keys-doc.ts`; a unit test",
    "fails when this file or the registry misses a key of the schema.",
    "",
    ...sections.flatMap((section) => [section, ""]),
  ].join("\n");
};
