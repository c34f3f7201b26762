import type { Allocated } from "@/components/stats/efficiency";

/** What the dashboard knows of one topology, computed on the server from its compose file. */
export type DashboardTopology = {
  name: string;
  project: string;
  phases: { name: string; services: string[] }[];
  criticalPath: string[];
  allocated: Allocated;
  links: { label: string; url: string }[];
  missingSecrets: string[];
  /** What "start from empty data" deletes: the project's named volumes and data folders. */
  freshData: { volumes: string[]; folders: string[] };
  /** Compose profiles the file declares, the services each enables, and whether the folder's COMPOSE_PROFILES turns it on. */
  profiles: { name: string; services: string[]; active: boolean }[];
  /** The folder's compose files (relative), those read by default first, and which are read by default. */
  composeFiles: { name: string; read: boolean }[];
  /** Images the deploy would need that the engine lacks (local mode: nothing can be pulled). */
  missingImages: string[];
};
