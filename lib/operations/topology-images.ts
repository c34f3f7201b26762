// The Topology page's "Images" section: per service of the file, its image, pull_policy and replica
// count, and each of its running containers with whether a newer image now stands under its tag
// (lib/deploy/status.ts reads that from the engine). Pure shaping plus one status read.
import { pullPolicyText } from "@/lib/compose/pull-policy";
import { replicaCountOf } from "@/lib/compose/replicas";
import type { Topology } from "@/lib/compose/types";
import { clusterStatus, type ClusterStatus } from "@/lib/deploy";
import { errorMessage } from "@/lib/docker/docker-error";

export type TopologyImageRow = {
  service: string;
  image: string;
  pullPolicy: string;
  replicas: number;
  /** Containers of the service that exist now (each replica its own), oldest image first noted. */
  containers: { container: string; state: string; imageOutdated: boolean }[];
};

export type TopologyImagesView = { rows: TopologyImageRow[]; outdated: number; engineError: string | null };

/** The rows of the Images section from the file and what runs (status null: the engine did not answer). */
export const topologyImageRows = ({
  topology,
  status,
}: {
  topology: Pick<Topology, "services">;
  status: Pick<ClusterStatus, "services"> | null;
}): TopologyImageRow[] =>
  topology.services.map((service) => {
    const replicas = replicaCountOf(service);
    // A replica's status names it "<service>-<i>" (lib/compose/replicas.ts): it is its service's.
    const replica = new RegExp(`^${escape(service.name)}-\\d+$`);
    return {
      service: service.name,
      image: service.image,
      pullPolicy: pullPolicyText(service.pullPolicy),
      replicas,
      containers: (status?.services ?? [])
        .filter((s) => s.service === service.name || (replicas !== 1 && replica.test(s.service)))
        .map((s) => ({ container: s.container, state: s.state, imageOutdated: s.imageOutdated })),
    };
  });

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&");

/** The Images section of a loaded topology: its rows and how many running containers run an outdated image. */
export const topologyImagesView = async ({
  topology,
}: {
  topology: Pick<Topology, "services" | "project">;
}): Promise<TopologyImagesView> => {
  const read = await clusterStatus({ project: topology.project }).then(
    (status) => ({ status, engineError: null }),
    (error: unknown) => ({ status: null, engineError: errorMessage(error) }),
  );
  const rows = topologyImageRows({ topology, status: read.status });
  return {
    rows,
    outdated: rows.flatMap((r) => r.containers).filter((c) => c.imageOutdated).length,
    engineError: read.engineError,
  };
};
