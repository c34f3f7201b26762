// The gate of a backup's or restore's helper containers: the panel's own policy (nothing approved,
// nothing on the host reachable) owning exactly the project's named volumes it copies.
import { panelOwnPolicy } from "@/lib/compose/policy-grants";
import { panelPaths } from "@/lib/catalog/topology-policy";
import { engineGate, type EngineGate } from "@/lib/docker/engine-gate";
import type { Role } from "@/lib/roles";

/** A gate whose only grant is mounting `volumes` (engine names) of `project` into a helper. */
export const backupGate = ({
  project,
  volumes,
  role,
}: {
  project: string;
  volumes: string[];
  role: Role;
}): EngineGate => engineGate({ ...panelOwnPolicy({ project, panel: panelPaths(), role }), volumes });
