import type { ComposeIssue, Topology } from "@/lib/compose";

/**
 * What the panel read to build the topology: every compose file (base, overrides, extends bases,
 * includes), the file's own `name:`, the profiles and the services they leave out, and every
 * warning (unset variables, optional dependencies dropped) — nothing the file says is hidden.
 */
export const ComposeFilesPanel = ({
  topology,
  warnings,
}: {
  topology: Topology;
  warnings: ComposeIssue[];
}) => {
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
      {profiles.length > 0 && (
        <p>
          Profiles (off unless chosen in the deploy form):{" "}
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
