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
  /** Compose profiles the file declares and the services each enables (off unless chosen). */
  profiles: { name: string; services: string[] }[];
  /** Images the deploy would need that the engine lacks (local mode: nothing can be pulled). */
  missingImages: string[];
};
