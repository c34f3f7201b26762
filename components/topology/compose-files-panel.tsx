import type { ComposeIssue, Topology, TopologyEntry } from "@/lib/compose";

/** How the files were chosen, in words. */
const CHOSEN_BY: Record<TopologyEntry["chosenBy"], string> = {
  request: "picked for this deploy",
  COMPOSE_FILE: "as COMPOSE_FILE in the folder's .env names them",
  "default names":
    "as Compose chooses them (compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml, then the override file)",
  "only file": "the folder's one compose file",
  "first of several": "the first of several",
};

/**
 * What the panel read to build the topology: every compose file (base, overrides, extends bases,
 * includes), the file's own `name:`, the profiles and the services they leave out, and every
 * warning (unset variables, optional dependencies dropped) — nothing the file says is hidden.
 */
export const ComposeFilesPanel = ({
  topology,
  warnings,
  entry,
}: {
  topology: Topology;
  warnings: ComposeIssue[];
  /** How the folder's files were chosen (absent for a topology not listed from a folder). */
  entry?: Pick<TopologyEntry, "chosenBy" | "candidates" | "note" | "files">;
}) => {
  const unread = (entry?.candidates ?? []).filter((file) => !entry?.files.includes(file));
  const settings = Object.entries(topology.composeSettings ?? {});
  const files = topology.files ?? [topology.file];
  const profiles = Object.entries(topology.profiles?.servicesByProfile ?? {});
  // Paths inside the topology's folder shown relative to it (extends and includes may reach out).
  const where = (file: string) =>
    file.startsWith(`${topology.dir}/`) ? file.slice(topology.dir.length + 1) : file;
  return (
    <div className="space-y-2 text-sm" data-testid="compose-files">
      <p>
        Read {files.length} file(s):{" "}
        {files.map((f) => (
          <code key={f} className="mr-2">
            {where(f)}
          </code>
        ))}
        {topology.declaredName && topology.declaredName !== topology.project && (
          <span className="text-zinc-500">
            (the file names the project <code>{topology.declaredName}</code>; Docker objects use{" "}
            <code>{topology.project}</code>)
          </span>
        )}
      </p>
      {entry && (
        <p className="text-zinc-600 dark:text-zinc-400" data-testid="compose-file-choice">
          Files chosen {CHOSEN_BY[entry.chosenBy]}.
          {unread.length > 0 && (
            <>
              {" "}
              Also in the folder, not read:{" "}
              {unread.map((f) => (
                <code key={f} className="mr-2">
                  {where(f)}
                </code>
              ))}
              (pick them in the deploy form or with COMPOSE_FILE in .env).
            </>
          )}
          {entry.note && <span className="block text-amber-700 dark:text-amber-400">{entry.note}</span>}
        </p>
      )}
      {settings.length > 0 && (
        <p data-testid="compose-settings">
          Compose settings from the folder&apos;s .env:{" "}
          {settings.map(([name, value]) => (
            <code key={name} className="mr-3">
              {name}={value}
            </code>
          ))}
        </p>
      )}
      {profiles.length > 0 && (
        <p>
          Profiles (off unless chosen in the deploy form or COMPOSE_PROFILES
          {(topology.profiles?.active ?? []).length > 0
            ? `; on: ${(topology.profiles?.active ?? []).join(", ")}`
            : ""}
          ):{" "}
          {profiles.map(([profile, services]) => (
            <span key={profile} className="mr-3">
              <code>{profile}</code> → {services.join(", ")}
            </span>
          ))}
          {(topology.inactiveServices ?? []).length > 0 && (
            <span className="text-zinc-500">
              Not counted below: {(topology.inactiveServices ?? []).join(", ")}.
            </span>
          )}
        </p>
      )}
      {warnings.length > 0 && (
        <ul className="space-y-1 text-amber-700 dark:text-amber-400" aria-label="Compose warnings">
          {warnings.map((w, i) => (
            <li key={i}>
              {where(w.file)} line {w.line ?? "?"}: {w.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
};
