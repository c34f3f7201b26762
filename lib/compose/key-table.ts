// docs/COMPOSE-KEYS.md as text, rendered from the key registry (service-keys.ts) so the table
// cannot drift from what the loader does: compose-keys.test.ts compares the two.
import { DEFAULT_COMPOSE_FILES, DEFAULT_OVERRIDE_FILES } from "./project-files";
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

const code = (names: readonly string[]): string => names.map((name) => `\`${name}\``).join(", ");

/** How a folder's files are chosen and which `.env` settings are Compose's own. */
const filesSection = (): string =>
  [
    "## Which files, and the folder's `.env` settings for Compose",
    "",
    "A topology is a folder under `topologies/`. The files of its project are chosen as Compose",
    "chooses them (lib/compose/project-files.ts):",
    "",
    "1. `COMPOSE_FILE` in the folder's `.env`: the files it names, in order, separated by `:` (or by",
    "   `COMPOSE_PATH_SEPARATOR`); relative to the folder, and refused when one lies outside it.",
    `2. Else the first of ${code(DEFAULT_COMPOSE_FILES)} that exists, then the first of`,
    `   ${code(DEFAULT_OVERRIDE_FILES)} merged over it.`,
    "3. Else (the panel's own `docker-compose-<name>.yml`) the folder's one compose file and its",
    "   `*.override.yml` files; with several, the first by name, and the Topology page says so.",
    "",
    "A person may pick other files of the folder for a deploy: the deploy form lists them when there",
    'are several (those read by default ticked), the API takes `files: ["compose.yaml", …]`, base',
    "first. Only YAML files of the folder itself can be picked. The Topology page shows the files read",
    "and how they were chosen, and each run stores them (`settings.composeFiles`).",
    "",
    "The folder's `.env` is read once, as for interpolation; of its settings for Compose itself:",
    "",
    "- `COMPOSE_PROJECT_NAME` names the project (over the file's `name:`, as Compose v2; lowercased,",
    "  only a-z 0-9 _ -). A topology may not take another topology's project:",
    "  the check made when a topology is added compares this resolved name, whatever set it.",
    "- `COMPOSE_PROFILES` (comma-separated) are the profiles enabled when a deploy chooses none; the",
    "  deploy form starts with them ticked.",
    "- `COMPOSE_FILE` / `COMPOSE_PATH_SEPARATOR` choose the files (above).",
    "",
    "The Topology page lists the settings it honoured. The panel's own environment never sets them.",
  ].join("\n");

/** How replicas run on one engine and how pull_policy decides a pull. */
const replicasAndPullsSection = (): string =>
  [
    "## Replicas and pull_policy on one engine",
    "",
    "`deploy.replicas: N` (or the legacy `scale: N`; both with different values is refused) runs N",
    "containers, as Compose v2 does (lib/compose/replicas.ts): named `<project>-<service>-1` … `-N`",
    "(one definition: lib/compose/project-name.ts's containerNameOf), labelled",
    "`com.docker.compose.service=<service>` and `com.docker.compose.container-number=<i>`, each",
    "answering to the service's name on its networks (Docker's DNS round-robins among them) and to",
    "`<service>-<i>`. In the plan, the timings, the charts and teardown each replica is a service of its",
    "own (`<service>-<i>`, label `org.ollamamax.replica`); whatever `depends_on` the service waits for",
    "every replica (with the dependency's condition). A load balancer upstream naming the service gets",
    "every replica; adding a node copies the last replica as the next number. The deploy policy and the",
    "Engine gate list every replica's container name. `replicas: 0` runs no container (dependencies on",
    "it are dropped); `container_name` with more than one replica is refused, as by Compose.",
    "`deploy.placement` stays Swarm-only (refused on one engine).",
    "",
    "`pull_policy` (lib/compose/pull-policy.ts, applied in lib/deploy/prepare.ts) decides, per image,",
    "as Compose does: `always` pulls at every deploy; `missing` / `if_not_present` (the default) pulls",
    "only an image the engine lacks; `never` uses the local image and refuses the deploy, naming the",
    "services, when it is absent; `build` rebuilds at every deploy; `daily`, `weekly` and",
    "`every_<duration>` (units w d h m s, e.g. `every_1d12h`) pull when the image is absent or its tag",
    "was last set (the Engine's `Metadata.LastTagTime`) longer ago than that. A service with `build:`",
    "pulls only for `always` and the refresh policies (a failed pull is then a warning and an absent",
    "image is built, as Compose does). Pulls show",
    "per-layer progress in the run; a present image whose due pull fails stops the deploy with the",
    "policy named (set `missing` to use the local image). `refresh` / `pull_refresh_after` are refused.",
    "Registries on 127.0.0.0/8 are reached without TLS, as dockerd allows by default.",
  ].join("\n");

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
    filesSection(),
    "",
    replicasAndPullsSection(),
    "",
    ...sections.flatMap((section) => [section, ""]),
  ].join("\n");
};
