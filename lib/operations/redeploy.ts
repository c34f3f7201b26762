// "Deploy this again" (POST /api/v1/runs/{id}/redeploy, the run page's button): a past deploy's
// stored effective file and image IDs deployed as a new run that names it (settings.redeployOf).
// The file is operator input again: requestDeploy reads it like the folder's own files, so the
// policy, the Engine gate and every check of a deploy apply. Refused besides: a run with no stored
// file, a topology that runs, an image ID the engine no longer has (the tag's current one offered).
import { loadPanelTopology } from "@/lib/catalog/topologies";
import { getEffectiveTopologies } from "@/lib/db/effective-files";
import { getRunDetail, type RunDetail } from "@/lib/db/runs";
import { projectLockHolder } from "@/lib/deploy";
import { panelWrittenFolders } from "@/lib/deploy/generated-files";
import { bindingDir, defaultDataRoot } from "@/lib/deploy/load-balancer/binding";
import { engineUnreachable } from "@/lib/docker/docker-error";
import { imageIdOf, imagePresent } from "@/lib/docker/images";
import { findProjectContainers } from "@/lib/docker/project-objects";
import { AppError } from "@/lib/errors";
import { redeployFileText } from "@/lib/runs/redeploy-file";
import type { Actor } from "@/lib/auth/principal";
import type { RunResult } from "@/lib/deploy";
import { requestDeploy } from "./deploy";
import { ZDeployRequestFields } from "./deploy-settings";
import { withEnvironment } from "./environments";
import { redeployPins, type PastImage } from "./redeploy-images";

export type RedeployOptions = Actor & {
  runId: string;
  /** Deploy the tags' current images where a run's image ID is gone (else that refuses). */
  acceptCurrentImages: boolean;
};

const textOf = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** 409 naming the topology when its project has containers here or a run holds it. */
const assertNotRunning = async ({ topology, project }: { topology: string; project: string }) => {
  const holder = projectLockHolder({ project });
  if (holder)
    throw new AppError(
      "conflict",
      `${topology} (project ${project}) is busy: run ${holder.runId} (${holder.kind}) holds it. Wait for it or cancel it, then deploy again.`,
    );
  const containers = await findProjectContainers({ project }).catch(engineUnreachable);
  if (containers.length > 0)
    throw new AppError(
      "conflict",
      `${topology} (project ${project}) is running (${containers.length} container(s)): tear it down first, then deploy this run again.`,
    );
};

/** The run's images as the engine has them now (the tag behind an ID from the run's own pins). */
const pastImages = async (run: RunDetail): Promise<PastImage[]> => {
  const earlierPins = run.settings.pinnedImages;
  const tagOf = (ref: string, id: string): string | null => {
    if (!ref.startsWith("sha256:")) return ref;
    if (!earlierPins || typeof earlierPins !== "object") return null;
    const found = Object.entries(earlierPins).find(([tag, pinned]) => pinned === id && tag !== id);
    return found?.[0] ?? null;
  };
  return Promise.all(
    Object.entries(run.imageIds ?? {}).flatMap(([ref, storedId]) => {
      if (storedId === null) return [];
      const tag = tagOf(ref, storedId);
      return [
        Promise.all([imagePresent({ image: storedId }), tag ? imageIdOf({ image: tag }) : null])
          .catch(engineUnreachable)
          .then(([present, currentId]) => ({ ref, storedId, tag, present, currentId })),
      ];
    }),
  );
};

/** The deploy request a run is repeated with: its strategy, probe, weights and engine; the file's limits as stored. */
const repeatedRequest = (run: RunDetail) => {
  const settings = run.settings;
  const parsed = ZDeployRequestFields.safeParse({
    topology: run.topology,
    strategy: run.strategy,
    tuning: settings.tuning ?? {},
    // Health overrides, limits and the fit are in the stored file already; clamp changes only
    // what this host would refuse. Data is kept: starting from empty data is a choice of the form.
    fit: "clamp",
    freshData: false,
    keepOnFailure: settings.keepOnFailure === true,
    probe: textOf(settings.probe),
    weights: settings.weights ?? undefined,
    environment: textOf(settings.environmentId) ?? undefined,
  });
  if (!parsed.success)
    throw new AppError(
      "conflict",
      `Run ${run.id}'s stored settings are not a deploy request this panel accepts (${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}): deploy it from the form instead.`,
    );
  return parsed.data;
};

/** Deploys a past run again; answers the new run at once (its progress flows as any deploy's). */
export const requestRedeploy = async ({
  principal,
  address,
  runId,
  acceptCurrentImages,
}: RedeployOptions): Promise<{ runId: string; project: string; done: Promise<RunResult> }> => {
  const [run, stored] = await Promise.all([getRunDetail(runId), getEffectiveTopologies([runId])]);
  if (!run) throw new AppError("not_found", `No run ${runId}.`);
  if (principal.scope && principal.scope.topology !== run.topology)
    throw new AppError(
      "forbidden",
      `This token may only deploy the topology "${principal.scope.topology}", not "${run.topology}".`,
    );
  const effective = stored.get(runId);
  if (run.kind !== "deploy")
    throw new AppError("conflict", `Run ${runId} is a ${run.kind} run: only a deploy can be deployed again.`);
  if (run.settings.target === "swarm")
    throw new AppError("conflict", `Run ${runId} deployed to a swarm: deploy it again from the form.`);
  if (!effective)
    throw new AppError(
      "conflict",
      `Run ${runId} has no stored effective file (it never reached its containers, or it predates the effective file): deploy it from the form instead.`,
    );
  const request = repeatedRequest(run);
  const project = effective.topology.project;
  const redeploy = await withEnvironment(request.environment, async () => {
    await assertNotRunning({ topology: run.topology, project });
    const pins = redeployPins({ runId, images: await pastImages(run), acceptCurrentImages });
    const current = await loadPanelTopology({ name: run.topology }).catch(() => null);
    // The stored file names its project; if the folder deploys under another project now, that name
    // may be another topology's (its volumes): refused rather than deployed into it.
    const today = current?.result.ok ? current.result.topology.project : null;
    if (today !== null && today !== project)
      throw new AppError(
        "conflict",
        `Run ${runId} deployed project ${project}, but ${run.topology} deploys as project ${today} now: deploy it from the form instead.`,
      );
    const text = redeployFileText({
      stored: effective,
      panelFolders: panelWrittenFolders({
        project,
        binding: { dir: bindingDir({ dataRoot: defaultDataRoot(), project }) },
      }),
      current: current?.result.ok ? current.result.topology : null,
      header: [
        `"Deploy this again" of OllamaMax run ${run.id} (${run.topology} · ${run.strategy} · ${run.startedAt.toISOString()}).`,
      ],
    });
    return { runId, text, pins };
  });
  return requestDeploy({ principal, address, request, redeploy });
};
