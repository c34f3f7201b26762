// Which images a topology would deploy that this engine does not have. In local mode (the default)
// nothing can be pulled — there is no registry — so a missing image means the deploy cannot start:
// the dashboard disables Deploy and says so before anyone clicks.
import type { Topology } from "@/lib/compose";
import { imagePresent } from "@/lib/docker/images";

/** The images a deploy of `topology` needs from the engine (not built by the file itself). */
const imagesOf = (topology: Topology): string[] => [
  ...new Set(topology.services.filter((s) => !s.build).map((s) => s.image)),
];

/**
 * For each topology, the images of its services that are not on the engine, in service order; each
 * image is asked for once however many topologies use it (the shipped ones share theirs). Services
 * with a `build:` context build their own image, and with PANEL_IMAGES=public images are pulled, so
 * both count as available. An engine that does not answer gives [] (its own status says why).
 */
export const missingImagesOfEach = async (topologies: Topology[]): Promise<string[][]> => {
  if (process.env.PANEL_IMAGES === "public") return topologies.map(() => []);
  const images = [...new Set(topologies.flatMap(imagesOf))];
  try {
    const present = await Promise.all(images.map((image) => imagePresent({ image })));
    const missing = new Set(images.filter((_, i) => !present[i]));
    return topologies.map((topology) => imagesOf(topology).filter((image) => missing.has(image)));
  } catch {
    return topologies.map(() => []);
  }
};
