// The image IDs a run deployed: a tag (ollamamax-local/node:latest) can point at another build
// tomorrow, the ID cannot, so two runs are comparable only when their IDs match.
import type { Topology } from "@/lib/compose/types";
import { imageIdOf } from "@/lib/docker/images";

/** Image reference → image ID (sha256:…) for every image of the topology, read from the engine. */
export const imageIdsOf = async ({
  topology,
}: {
  topology: Topology;
}): Promise<Record<string, string | null>> => {
  const images = [...new Set(topology.services.map((s) => s.image))].sort();
  const ids = await Promise.all(images.map((image) => imageIdOf({ image }).catch(() => null)));
  return Object.fromEntries(images.map((image, i) => [image, ids[i] ?? null]));
};
