// Images a run needs: present, pulled with per-layer progress, or built from a `build:` context.
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import type { BuildOptions } from "@/lib/compose/types";
import { AppError } from "@/lib/errors";
import { getDocker } from "./client";
import type { EngineGate } from "./engine-gate";
import { errorMessage, isNoSpace, isNotFound, noSpaceSentence } from "./docker-error";

/** Whether the Engine has the image locally. */
export const imagePresent = async ({ image }: { image: string }): Promise<boolean> => {
  try {
    await getDocker().getImage(image).inspect();
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
};

export type PullProgress = { layer: string; status: string; current: number | null; total: number | null };

export type PullImageOptions = { image: string; onProgress: (progress: PullProgress) => void };

type ProgressMessage = {
  id?: string;
  status?: string;
  error?: string;
  progressDetail?: { current?: number; total?: number };
};

const followStream = (
  stream: NodeJS.ReadableStream,
  onEvent: (message: ProgressMessage) => void,
): Promise<void> =>
  new Promise((resolve, reject) => {
    getDocker().modem.followProgress(
      stream,
      (error: Error | null, output: ProgressMessage[]) => {
        const failed = error ?? output.find((message) => message.error);
        if (failed) reject(new Error(failed instanceof Error ? failed.message : failed.error));
        else resolve();
      },
      onEvent,
    );
  });

/** The error for an image that is missing and cannot be pulled: it names the local image kit. */
export const missingImageError = ({ image, reason }: { image: string; reason: string }): AppError =>
  new AppError(
    "not_found",
    `Image ${image} is not on this host and could not be pulled (${reason}). Build the local images with ` +
      "`npm run images` (bash scripts/images/build.sh) and load the topology with images/local-images.env.",
    { image },
  );

/** Pulls an image, reporting each layer's progress; a registry that does not answer names the kit. */
export const pullImage = async ({ image, onProgress }: PullImageOptions): Promise<void> => {
  try {
    const stream = (await getDocker().pull(image)) as NodeJS.ReadableStream;
    await followStream(stream, (message) => {
      if (!message.status) return;
      onProgress({
        layer: message.id ?? image,
        status: message.status,
        current: message.progressDetail?.current ?? null,
        total: message.progressDetail?.total ?? null,
      });
    });
  } catch (error) {
    // The image may well exist upstream: the engine had nowhere to put it.
    if (isNoSpace(error))
      throw new AppError("insufficient_storage", `Pulling ${image} failed: ${noSpaceSentence(error)}.`);
    throw missingImageError({ image, reason: errorMessage(error) });
  }
};

/**
 * The files of a build context to send, relative to it: regular files and links (packed as links,
 * never followed). A FIFO, socket or device is refused: reading one would hang the build or read a
 * device, so it never reaches the tar stream.
 */
export const buildContextFiles = (root: string, dir = root): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === ".git" || entry.name === "node_modules" ? [] : buildContextFiles(root, path);
    if (entry.isFile() || entry.isSymbolicLink()) return [relative(root, path)];
    throw new AppError(
      "bad_request",
      `the build context ${root} holds ${relative(root, path)}, which is neither a file, a folder nor a link (a FIFO, socket or device): remove it from the context`,
    );
  });

export type BuildImageOptions = {
  tag: string;
  context: string;
  dockerfile: string;
  args: Record<string, string>;
  options?: BuildOptions;
  onLine: (line: string) => void;
  /** The Engine gate of the run: judges the context, the build network and extra hosts. */
  gate: EngineGate;
};

/** Builds an image from a folder through the Engine, streaming the build output line by line. */
export const buildImage = async ({
  tag,
  context,
  dockerfile,
  args,
  options = {},
  onLine,
  gate,
}: BuildImageOptions): Promise<void> => {
  // A RUN step that fills the disk fails with "returned a non-zero code": its output says why.
  const recent: string[] = [];
  try {
    // The context is listed only once the gate let it through.
    const stream = await gate.buildImage(
      { context, files: () => buildContextFiles(context) },
      {
        t: tag,
        dockerfile,
        // A failed step's container goes too (the disk it filled is freed).
        forcerm: true,
        buildargs: args,
        labels: { ...options.labels, "org.ollamamax.managed": "true" },
        ...(options.target ? { target: options.target } : {}),
        ...(options.noCache ? { nocache: true } : {}),
        ...(options.pull ? { pull: true } : {}),
        ...(options.network ? { networkmode: options.network } : {}),
        ...(options.shmSizeBytes !== undefined ? { shmsize: options.shmSizeBytes } : {}),
      },
    );
    await followStream(stream, (message) => {
      const text = (message as { stream?: string }).stream ?? message.status;
      for (const line of (text ?? "").split(/\r?\n/)) {
        if (!line.trim()) continue;
        recent.push(line);
        if (recent.length > 20) recent.shift();
        onLine(line);
      }
    });
  } catch (error) {
    const full = [error, ...recent].find(isNoSpace);
    if (full !== undefined)
      throw new AppError("insufficient_storage", `Building ${tag} failed: ${noSpaceSentence(full)}.`, {
        image: tag,
      });
    throw new AppError(
      "bad_request",
      `Building ${tag} from ${context} failed: ${errorMessage(error)}. Fix the Dockerfile or its context, then deploy again.`,
      { image: tag },
    );
  }
};

/**
 * The image's ID and when its tag was last set (pulled, tagged, built: the Engine's
 * Metadata.LastTagTime, null when unknown), or null when the engine does not have it.
 */
export const imageTagStateOf = async ({
  image,
}: {
  image: string;
}): Promise<{ id: string; lastTagTimeMs: number | null } | null> => {
  try {
    const inspected = await getDocker().getImage(image).inspect();
    const metadata = (inspected as { Metadata?: { LastTagTime?: string } }).Metadata;
    const lastTagTimeMs = metadata?.LastTagTime ? Date.parse(metadata.LastTagTime) : Number.NaN;
    // Go's zero time (0001-01-01) means never tagged here: as unknown.
    return { id: inspected.Id, lastTagTimeMs: lastTagTimeMs > 0 ? lastTagTimeMs : null };
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
};

/** The image's ID (sha256:…) as the engine has it now, or null when it is not present. */
export const imageIdOf = async ({ image }: { image: string }): Promise<string | null> => {
  try {
    return (await getDocker().getImage(image).inspect()).Id;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
};
