// Preparation: images present (pulled or built), bind-mount folders, networks and named volumes,
// all at once (none waits on another), so the first containers are created as early as possible.
import { existsSync, mkdirSync } from "node:fs";
import { basename, relative } from "node:path";
import type { Topology } from "@/lib/compose/types";
import { buildImage, imageIdOf, pullImage } from "@/lib/docker/images";
import { ensureNetwork } from "@/lib/docker/networks";
import { ensureVolume } from "@/lib/docker/volumes";
import { AppError } from "@/lib/errors";
import type { RunContext } from "./run-context";
import { traceStep } from "./trace";
import type { RunResult } from "./types";

export type PrepareRunOptions = { ctx: RunContext; topology: Topology; created: RunResult["created"] };

const insideDir = (dir: string, path: string): boolean => {
  const rel = relative(dir, path);
  return rel !== "" && !rel.startsWith("..");
};

/** Creates missing bind-mount folders under the topology's folder; a missing file is an error. */
export const prepareBindSources = ({ topology }: { topology: Topology }): string[] => {
  const createdDirs: string[] = [];
  for (const service of topology.services) {
    for (const mount of service.volumes) {
      if (mount.type !== "bind" || existsSync(mount.source)) continue;
      // A dotted name (nginx.conf, init-db.sql) is a file: Docker would mount an empty folder instead.
      if (basename(mount.source).includes(".")) {
        throw new AppError(
          "bad_request",
          `${service.name} mounts ${mount.source} at ${mount.target}, but that file does not exist: ` +
            `restore it next to the compose file or remove the mount.`,
        );
      }
      if (insideDir(topology.dir, mount.source)) {
        mkdirSync(mount.source, { recursive: true });
        createdDirs.push(mount.source);
      }
    }
  }
  return createdDirs;
};

/**
 * Makes every image present (building `build:` services, pulling others with per-layer progress);
 * answers each image's ID as the engine has it then (one inspect per image when all are present).
 */
const prepareImages = async ({
  ctx,
  topology,
}: PrepareRunOptions): Promise<Record<string, string | null>> => {
  const images = new Map<string, Topology["services"][number]>();
  for (const service of topology.services) if (!images.has(service.image)) images.set(service.image, service);
  const ids: Record<string, string | null> = {};
  await Promise.all(
    [...images].map(async ([image, service]) => {
      // pull_policy: build rebuilds every time; otherwise a present image is used as it is.
      const present = service.build?.options?.always ? null : await imageIdOf({ image });
      if (present !== null) {
        ids[image] = present;
        return;
      }
      ctx.signal.throwIfAborted();
      if (service.build) {
        ctx.log(`building ${image} from ${service.build.context}`);
        await buildImage({
          tag: image,
          ...service.build,
          onLine: (line) => ctx.emit({ type: "log", service: service.name, stream: "stdout", line }),
        });
        ids[image] = await imageIdOf({ image }).catch(() => null);
        return;
      }
      const users = topology.services.filter((candidate) => candidate.image === image).map((s) => s.name);
      for (const name of users)
        ctx.emit({ type: "service_state", service: name, state: "pulling", container: null, detail: image });
      ctx.log(`pulling ${image}`);
      await pullImage({
        image,
        onProgress: (progress) => ctx.emit({ type: "image_progress", image, ...progress }),
      });
      ids[image] = await imageIdOf({ image }).catch(() => null);
    }),
  );
  return Object.fromEntries(
    Object.keys(ids)
      .sort()
      .map((image) => [image, ids[image] ?? null]),
  );
};

/**
 * Runs the preparation stage, recording what it created so a failed run can remove it; answers
 * the image IDs (image reference → sha256:…) the run deploys.
 */
export const prepareRun = async (options: PrepareRunOptions): Promise<Record<string, string | null>> => {
  const { ctx, topology, created } = options;
  for (const dir of prepareBindSources({ topology })) ctx.log(`created folder ${dir}`);
  const networks = Promise.all(
    topology.networks.map(async (network) => {
      ctx.signal.throwIfAborted();
      const ensured = await ensureNetwork({ network, project: topology.project, runId: ctx.runId });
      if (ensured.created) created.networks.push(ensured.dockerName);
      ctx.log(`${ensured.created ? "created" : "reusing"} network ${ensured.dockerName}`);
    }),
  );
  const volumes = Promise.all(
    topology.volumes.map(async (volume) => {
      ctx.signal.throwIfAborted();
      const ensured = await ensureVolume({ volume, project: topology.project, runId: ctx.runId });
      if (ensured.created) created.volumes.push(ensured.dockerName);
      ctx.log(`${ensured.created ? "created" : "reusing"} volume ${ensured.dockerName}`);
    }),
  );
  const images = prepareImages(options);
  // Every step settles before the first failure is thrown, so all a failed run created is known.
  const settled = await Promise.allSettled([images, networks, volumes]);
  traceStep("prepared");
  const failed = settled.find((s) => s.status === "rejected");
  if (failed) throw failed.reason;
  return images;
};
