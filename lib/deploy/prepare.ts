// Preparation: images present (pulled or built), bind-mount folders, networks and named volumes,
// all at once (none waits on another), so the first containers are created as early as possible.
import { existsSync, mkdirSync } from "node:fs";
import { basename, relative } from "node:path";
import type { Topology } from "@/lib/compose/types";
import type { EngineGate } from "@/lib/docker/engine-gate";
import { mustPull } from "@/lib/compose/pull-policy";
import { buildImage, imageIdOf, imageTagStateOf, pullImage } from "@/lib/docker/images";
import { ensureNetwork } from "@/lib/docker/networks";
import { ensureVolume } from "@/lib/docker/volumes";
import { AppError } from "@/lib/errors";
import type { RunContext } from "./run-context";
import { traceStep } from "./trace";
import type { RunResult } from "./types";

export type PrepareRunOptions = {
  ctx: RunContext;
  topology: Topology;
  created: RunResult["created"];
  /** The run's Engine gate: images are built, networks and volumes created or reused through it. */
  gate: EngineGate;
};

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

/** What a deploy does for one image: use it as it is, pull it, or build it. */
export type ImageAction = "use" | "pull" | "build";

/**
 * What the services sharing an image ask for it, as Compose decides (lib/compose/pull-policy.ts):
 * build when a `build:` service says pull_policy build or the image is absent and may not be
 * pulled; pull when any service's policy must pull (a service with `build:` only for always and the
 * refresh policies); use a present image otherwise. An absent image every service marks `never`
 * (and none can build) is refused, naming the services.
 */
export const imageActionOf = ({
  image,
  services,
  state,
  nowMs,
}: {
  image: string;
  services: Topology["services"];
  state: { lastTagTimeMs: number | null } | null;
  nowMs: number;
}): ImageAction => {
  const builder = services.find((s) => s.build);
  if (builder?.build?.options?.always) return "build";
  const present = state !== null;
  const pulls = services.some((s) => {
    const policy = s.pullPolicy ?? { kind: "missing" };
    // Compose builds a missing `build:` image rather than pulling it, unless told to pull.
    if (s.build && policy.kind !== "always" && policy.kind !== "refresh") return false;
    return mustPull({ policy, present, lastTagTimeMs: state?.lastTagTimeMs ?? null, nowMs });
  });
  if (pulls) return "pull";
  if (present) return "use";
  if (builder) return "build";
  if (services.every((s) => s.pullPolicy?.kind === "never"))
    throw new AppError(
      "bad_request",
      `Image ${image} is not on this host and pull_policy never (${services.map((s) => s.name).join(", ")}) forbids pulling it: ` +
        "build or pull it first (docker pull, or the local image kit), or set pull_policy missing.",
      { image },
    );
  return "pull";
};

/**
 * Makes every image present as the services' pull_policy says (building `build:` services,
 * pulling others with per-layer progress); answers each image's ID as the engine has it then.
 */
const prepareImages = async ({
  ctx,
  topology,
  gate,
}: PrepareRunOptions): Promise<Record<string, string | null>> => {
  const images = new Map<string, Topology["services"]>();
  for (const service of topology.services)
    images.set(service.image, [...(images.get(service.image) ?? []), service]);
  const ids: Record<string, string | null> = {};
  const build = async (image: string, service: Topology["services"][number]) => {
    if (!service.build) return;
    ctx.log(`building ${image} from ${service.build.context}`);
    await buildImage({
      tag: image,
      ...service.build,
      gate,
      onLine: (line) => ctx.emit({ type: "log", service: service.name, stream: "stdout", line }),
    });
  };
  await Promise.all(
    [...images].map(async ([image, users]) => {
      const state = await imageTagStateOf({ image });
      const action = imageActionOf({ image, services: users, state, nowMs: Date.now() });
      if (action === "use" && state) {
        ids[image] = state.id;
        return;
      }
      ctx.signal.throwIfAborted();
      const builder = users.find((s) => s.build);
      if (action === "build" && builder) await build(image, builder);
      else {
        for (const { name } of users)
          ctx.emit({
            type: "service_state",
            service: name,
            state: "pulling",
            container: null,
            detail: image,
          });
        const why = users.map((s) => s.pullPolicy?.kind ?? "missing").join(", ");
        ctx.log(`pulling ${image} (pull_policy ${why}${state ? ", present" : ", absent"})`);
        const pulled = pullImage({
          image,
          onProgress: (progress) => ctx.emit({ type: "image_progress", image, ...progress }),
        });
        // As Compose: a failed pull of a `build:` service's image is a warning; a missing image is then built.
        if (builder)
          await pulled.catch(async (error: unknown) => {
            const reason = error instanceof Error ? error.message : String(error);
            ctx.log(
              `pulling ${image} failed (${reason}): ${state ? "using the image this host has" : "building it"}`,
            );
            if (!state) await build(image, builder);
          });
        else
          await pulled.catch((error: unknown) => {
            if (!state) throw error;
            // Present but due again: the message says what asked for the pull, not "not on this host".
            throw new AppError(
              "bad_request",
              `pull_policy ${why} (${users.map((s) => s.name).join(", ")}) asked to pull ${image} again and the pull failed ` +
                `(${error instanceof Error ? error.message : String(error)}): start its registry, or set pull_policy missing to use the image this host has.`,
              { image },
            );
          });
      }
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
  const { ctx, topology, created, gate } = options;
  for (const dir of prepareBindSources({ topology })) ctx.log(`created folder ${dir}`);
  const networks = Promise.all(
    topology.networks.map(async (network) => {
      ctx.signal.throwIfAborted();
      const ensured = await ensureNetwork({ network, project: topology.project, runId: ctx.runId, gate });
      if (ensured.created) created.networks.push(ensured.dockerName);
      ctx.log(`${ensured.created ? "created" : "reusing"} network ${ensured.dockerName}`);
    }),
  );
  const volumes = Promise.all(
    topology.volumes.map(async (volume) => {
      ctx.signal.throwIfAborted();
      const ensured = await ensureVolume({ volume, project: topology.project, runId: ctx.runId, gate });
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
