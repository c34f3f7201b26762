// The gate of a backup's or restore's helper containers: the panel's own policy (nothing approved,
// nothing on the host reachable) owning exactly the project's named volumes it copies, and binding
// exactly the topology's data folders it copies (by real path, judged inside the topology's folder:
// never `/`, the Docker socket, the panel's files, nor a subfolder or parent of a granted folder).
import { panelOwnPolicy } from "@/lib/compose/policy-grants";
import { panelPaths } from "@/lib/catalog/topology-policy";
import { engineGate, type EngineGate } from "@/lib/docker/engine-gate";
import type { ArchiveSource } from "@/lib/docker/volume-archive";
import type { Role } from "@/lib/roles";

export type BackupGateOptions = {
  project: string;
  /** The topology's folder: every granted folder's real path must lie under its real path. */
  dir: string;
  /** What the helpers copy: volumes by engine name, data folders by real path on the engine's host. */
  sources: readonly ArchiveSource[];
  role: Role;
};

/** A gate whose only grants are mounting `sources` of `project` into a helper. */
export const backupGate = ({ project, dir, sources, role }: BackupGateOptions): EngineGate => {
  const named = (kind: ArchiveSource["kind"]) => sources.filter((s) => s.kind === kind).map((s) => s.name);
  return engineGate({
    ...panelOwnPolicy({ project, panel: panelPaths(), role, binds: { dir, folders: named("folder") } }),
    volumes: named("volume"),
  });
};
