// Which images a topology would deploy that this engine does not have. In local mode (the default)
// nothing can be pulled — there is no registry — so a missing image means the deploy cannot start:
// the dashboard disables Deploy and says so before anyone clicks.
import type { Topology } from "@/lib/compose";
import { imagePresent } from "@/lib/docker/images";

/**
 * The images of `topology`'s services that are not on the engine, in service order. Services with a
 * `build:` context build their own image, and with PANEL_IMAGES=public images are pulled, so both
 * count as available. An engine that does not answer gives [] (the engine's own status says why).
 */
export const missingImagesOf = async ({ topology }: { topology: Topology }): Promise<string[]> => {
  if (process.env.PANEL_IMAGES === "public") return [];
  const images = [...new Set(topology.services.filter((s) => !s.build).map((s) => s.image))];
  try {
    const present = await Promise.all(images.map((image) => imagePresent({ image })));
    return images.filter((_, i) => !present[i]);
  } catch {
    return [];
  }
};
