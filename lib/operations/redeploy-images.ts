// The images of "deploy this again": each service runs the image ID its past run ran, not what the
// tag names today. An ID the engine no longer has refuses the redeploy with the tag's current ID
// offered; the person may accept it (acceptCurrentImages) and the tag is then deployed as usual.
import type { Topology } from "@/lib/compose/types";
import { AppError } from "@/lib/errors";

/** What a redeploy hands the deploy: the past run, the file text it reads, the images it pins. */
export type RedeploySource = {
  runId: string;
  text: string;
  /** The file's image reference → what the service runs instead (an image ID, or a tag again). */
  pins: Record<string, string>;
};

/** One image of the past run as this engine has it now. */
export type PastImage = {
  /** The reference as the run's file names it (a tag, or an ID when that run was itself pinned). */
  ref: string;
  /** The image ID the run ran. */
  storedId: string;
  /** The tag behind it (null when unknown). */
  tag: string | null;
  /** Whether the engine still has storedId. */
  present: boolean;
  /** The ID the tag names on the engine now (null: no such tag here). */
  currentId: string | null;
};

const isImageId = (ref: string): boolean => /^sha256:[0-9a-f]{64}$/.test(ref);

const goneSentence = ({ tag, ref, storedId, currentId }: PastImage): string => {
  const name = tag ?? ref;
  if (!tag) return `${storedId} (no tag known)`;
  return currentId
    ? `${name}: ${storedId} is gone, the tag now names ${currentId}`
    : `${name}: ${storedId} is gone and this engine has no image tagged ${name} (accepting pulls it as its pull_policy says)`;
};

/**
 * The pins of a redeploy: every image still present pinned to its ID; a gone one refuses (409,
 * naming each with the tag's current ID) unless `acceptCurrentImages`, then its tag is used.
 */
export const redeployPins = ({
  runId,
  images,
  acceptCurrentImages,
}: {
  runId: string;
  images: PastImage[];
  acceptCurrentImages: boolean;
}): Record<string, string> => {
  const gone = images.filter((image) => !image.present);
  if (gone.length > 0 && !acceptCurrentImages)
    throw new AppError(
      "conflict",
      `Run ${runId} cannot be deployed again exactly: ${gone.map(goneSentence).join("; ")}. ` +
        "Send acceptCurrentImages: true to deploy with the tags' current images instead.",
      {
        images: gone.map(({ tag, ref, storedId, currentId }) => ({
          image: tag ?? ref,
          storedId,
          currentId,
        })),
      },
    );
  const pins: Record<string, string> = {};
  for (const image of images) {
    if (image.present) pins[image.ref] = image.storedId;
    // A gone ID the file names itself (that run was a redeploy): its tag again, when known.
    else if (isImageId(image.ref) && image.tag) pins[image.ref] = image.tag;
    else if (isImageId(image.ref))
      throw new AppError(
        "conflict",
        `Run ${runId} ran ${image.ref}, which is gone from this engine, and no tag of it is known: there is no current image to offer.`,
      );
  }
  return pins;
};

/** The topology with each pinned image in place: an ID is never pulled or built, only run. */
export const pinImages = ({
  topology,
  pins,
}: {
  topology: Topology;
  pins: Record<string, string>;
}): Topology => ({
  ...topology,
  services: topology.services.map((service) => {
    const pinned = pins[service.image];
    if (pinned === undefined) return service;
    return isImageId(pinned)
      ? { ...service, image: pinned, build: null, pullPolicy: { kind: "never" as const } }
      : { ...service, image: pinned };
  }),
});
