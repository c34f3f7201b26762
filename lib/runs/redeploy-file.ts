// What "deploy this again" deploys: a run's stored effective topology written back as a compose
// file, with what the panel mounted on its own taken out again (the generated secret and config
// files, the load balancer's generated nginx.conf and upstream folder). The deploy reads that file
// as operator input — the policy judges it like any file — and generates those mounts anew.
import path from "node:path";
import { parseDocument } from "yaml";
import { effectiveComposeFile } from "@/lib/compose/effective-file";
import type { Service, Topology, VolumeMount } from "@/lib/compose/types";
import type { StoredEffectiveTopology } from "@/lib/db/effective-files";

export type RedeployFileOptions = {
  stored: StoredEffectiveTopology;
  /** The folders the panel writes for the project (lib/deploy generated files, load balancer). */
  panelFolders: string[];
  /**
   * The topology as its folder has it now: where a mount the panel redirected (the load
   * balancer's nginx.conf) came from. Null when it cannot be loaded: such mounts are dropped.
   */
  current: Pick<Topology, "services"> | null;
  /** Comment lines at the top (which run it reproduces). */
  header: string[];
};

const isInside = (file: string, folder: string): boolean => {
  const relative = path.relative(folder, file);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
};

/** The service's own name in the file (a replica "worker-2" comes from "worker"). */
const fileNameOf = (service: Pick<Service, "name" | "replica">): string =>
  service.replica?.service ?? service.name;

/** A bind mount the panel wrote the source of: back to the folder's own source, else dropped. */
const unboundMounts = (
  service: Service,
  { panelFolders, current }: Pick<RedeployFileOptions, "panelFolders" | "current">,
): VolumeMount[] =>
  service.volumes.flatMap((mount) => {
    if (mount.type !== "bind" || !panelFolders.some((folder) => isInside(mount.source, folder)))
      return [mount];
    const own = current?.services
      .find((s) => fileNameOf(s) === fileNameOf(service))
      ?.volumes.find((m) => m.type === "bind" && m.target === mount.target);
    return own?.type === "bind" ? [{ ...mount, source: own.source }] : [];
  });

/** The compose file text a redeploy reads: the run's topology, its own project name, no panel mounts. */
export const redeployFileText = ({ stored, panelFolders, current, header }: RedeployFileOptions): string => {
  const topology = stored.topology;
  const services = topology.services.map((service) => ({
    ...service,
    volumes: unboundMounts(service, { panelFolders, current }),
  }));
  const document = parseDocument(
    effectiveComposeFile({ topology: { ...topology, services }, masked: stored.masked, header }),
    { version: "1.1" },
  );
  // The phases the run had (its x-phase values): Compare lays both runs out the same way.
  for (const service of services)
    if (service.phase) document.setIn(["services", service.name, "x-phase"], service.phase);
  // The project the run deployed, whatever the folder is called now (COMPOSE_PROJECT_NAME still wins, as in Compose).
  document.set("name", topology.project);
  return document.toString({ lineWidth: 0 });
};
