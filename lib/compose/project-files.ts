// Which files make a project, as Compose chooses them (compose-go's auto-discovery): the folder's
// `.env` COMPOSE_FILE when set, else the first of Compose's default names and the first override
// file found. A folder with none of those names (the panel's own docker-compose-<name>.yml) keeps
// its one compose file. A person may also pick files explicitly (the deploy request's `files`).
import { relative, resolve, sep } from "node:path";
import type { Topology } from "./types";

/** Compose's base file names, in its order of preference. */
export const DEFAULT_COMPOSE_FILES = [
  "compose.yaml",
  "compose.yml",
  "docker-compose.yml",
  "docker-compose.yaml",
];
/** Compose's override file names, in its order of preference: the first found is merged. */
export const DEFAULT_OVERRIDE_FILES = [
  "compose.override.yml",
  "compose.override.yaml",
  "docker-compose.override.yml",
  "docker-compose.override.yaml",
];

/** Names the panel lists as compose files of a folder (docker-compose*.yml, compose*.yaml). */
export const COMPOSE_FILE_NAME = /^(docker-)?compose.*\.ya?ml$/;
const OVERRIDE_NAME = /\.override\.ya?ml$/;

/** How the files were chosen. */
export type FileChoiceReason =
  "request" | "COMPOSE_FILE" | "default names" | "only file" | "first of several";

/** The project's files, base first, and how they were chosen. */
export type FileChoice = {
  files: string[];
  chosenBy: FileChoiceReason;
  /** Every compose file of the folder (what a person may pick from). */
  candidates: string[];
  /** Said on the Topology page when the choice is a guess. */
  note: string | null;
  /** A pick that cannot be honoured (a file outside the folder, or not a compose file of it): files is []. */
  problem: { field: "files" | "COMPOSE_FILE"; message: string } | null;
};

export type ChooseComposeFilesOptions = {
  dir: string;
  /** The file names in the folder. */
  names: string[];
  /** The folder's `.env` COMPOSE_FILE and COMPOSE_PATH_SEPARATOR, when set. */
  composeFile?: string;
  pathSeparator?: string;
  /** Files a person picked (names inside the folder), in order. */
  requested?: string[];
};

const inside = (dir: string, path: string): boolean => path.startsWith(`${resolve(dir)}${sep}`);

/** The project's files as Compose would choose them in `dir` (see the file's header). */
export const chooseComposeFiles = ({
  dir,
  names,
  composeFile,
  pathSeparator,
  requested,
}: ChooseComposeFilesOptions): FileChoice => {
  const composeNames = names.filter((name) => COMPOSE_FILE_NAME.test(name)).sort();
  const candidates = composeNames.map((name) => resolve(dir, name));
  const choice = (files: string[], chosenBy: FileChoiceReason, note: string | null = null): FileChoice => ({
    files,
    chosenBy,
    candidates,
    note,
    problem: null,
  });
  const refused = (
    chosenBy: FileChoiceReason,
    field: "files" | "COMPOSE_FILE",
    message: string,
  ): FileChoice => ({
    ...choice([], chosenBy),
    problem: { field, message },
  });
  if (requested && requested.length > 0) {
    // Any YAML file of the folder itself (COMPOSE_FILE may name files without Compose's names).
    const yamlNames = names.filter((name) => /\.ya?ml$/.test(name)).sort();
    const unknown = requested.filter((name) => !yamlNames.includes(name));
    if (unknown.length > 0)
      return refused(
        "request",
        "files",
        `files: ${unknown.map((n) => `"${n}"`).join(", ")} is not a YAML file of this folder (its files: ${yamlNames.join(", ")})`,
      );
    return choice(
      requested.map((name) => resolve(dir, name)),
      "request",
    );
  }
  if (composeFile !== undefined && composeFile.trim() !== "") {
    const files = composeFile
      .split(pathSeparator || ":")
      .filter((part) => part !== "")
      .map((part) => resolve(dir, part));
    const outside = files.filter((file) => !inside(dir, file));
    if (outside.length > 0)
      return refused(
        "COMPOSE_FILE",
        "COMPOSE_FILE",
        `COMPOSE_FILE in ${dir}/.env names ${outside.join(", ")}, outside the topology's folder: keep the files inside it`,
      );
    return choice(files, "COMPOSE_FILE");
  }
  const base = DEFAULT_COMPOSE_FILES.find((name) => names.includes(name));
  if (base) {
    const override = DEFAULT_OVERRIDE_FILES.find((name) => names.includes(name));
    return choice(
      [base, ...(override ? [override] : [])].map((name) => resolve(dir, name)),
      "default names",
    );
  }
  // None of Compose's names: the panel's convention, one docker-compose-<name>.yml and its overrides.
  const bases = composeNames.filter((name) => !OVERRIDE_NAME.test(name));
  const overrides = composeNames.filter((name) => OVERRIDE_NAME.test(name)).map((name) => resolve(dir, name));
  const [first] = bases;
  if (first === undefined) return choice([], "only file");
  if (bases.length === 1) return choice([resolve(dir, first), ...overrides], "only file");
  return choice(
    [resolve(dir, first), ...overrides],
    "first of several",
    `${bases.length} compose files and none has a name Compose looks for (${DEFAULT_COMPOSE_FILES.join(", ")}): ` +
      `the panel reads ${first}; pick others with COMPOSE_FILE in the folder's .env or the deploy form's files`,
  );
};

/** The compose files a topology was read from, relative to its folder (stored with each run). */
export const composeFilesOf = (topology: Pick<Topology, "dir" | "file" | "files">): string[] =>
  (topology.files ?? [topology.file]).map((file) =>
    inside(topology.dir, file) ? relative(topology.dir, file) : file,
  );

/** A folder's compose files for a picker: those read by default first (in their order), then the rest. */
export const composeFileOptions = ({
  dir,
  files,
  candidates,
}: {
  dir: string;
  files: string[];
  candidates: string[];
}): { name: string; read: boolean }[] => [
  ...files.map((file) => ({ name: relative(dir, file), read: true })),
  ...candidates
    .filter((file) => !files.includes(file))
    .map((file) => ({ name: relative(dir, file), read: false })),
];
