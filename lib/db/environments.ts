// Environments: Docker engines an admin added. Credentials stay sealed here; opening them is
// lib/operations/environments.ts's job, and no query below returns them to a caller that lists.
import { getPrisma } from "./client";

/** An environment as anyone signed in may see it: no credentials, only whether there are some. */
export type EnvironmentView = {
  id: string;
  name: string;
  url: string;
  kind: string;
  hasTls: boolean;
  hasSshKey: boolean;
  /** The ssh engine's pinned host keys (public), one `type base64` a line; null until its first test. */
  sshHostKeys: string | null;
  createdAt: Date;
  createdBy: string | null;
  lastCheckAt: Date | null;
  lastCheckOk: boolean | null;
  lastCheckDetail: string | null;
};

/** An environment with its sealed credentials (server-side only). */
export type SealedEnvironment = EnvironmentView & { tlsSealed: string | null; sshKeySealed: string | null };

type Row = Awaited<ReturnType<ReturnType<typeof getPrisma>["environment"]["findFirstOrThrow"]>>;

const sealedOf = (row: Row): SealedEnvironment => ({
  id: row.id,
  name: row.name,
  url: row.url,
  kind: row.kind,
  hasTls: row.tlsSealed !== null,
  hasSshKey: row.sshKeySealed !== null,
  sshHostKeys: row.sshHostKeys,
  createdAt: row.createdAt,
  createdBy: row.createdBy,
  lastCheckAt: row.lastCheckAt,
  lastCheckOk: row.lastCheckOk,
  lastCheckDetail: row.lastCheckDetail,
  tlsSealed: row.tlsSealed,
  sshKeySealed: row.sshKeySealed,
});

/** Drops the sealed credentials. */
export const viewOf = (env: SealedEnvironment): EnvironmentView => {
  const view: Partial<SealedEnvironment> = { ...env };
  delete view.tlsSealed;
  delete view.sshKeySealed;
  return view as EnvironmentView;
};

/** Every added environment, by name, without credentials. */
export const listEnvironments = async (): Promise<EnvironmentView[]> =>
  (await getPrisma().environment.findMany({ orderBy: { name: "asc" } })).map((row) => viewOf(sealedOf(row)));

/** One environment by id or name, with its sealed credentials. */
export const findEnvironment = async (idOrName: string): Promise<SealedEnvironment | null> => {
  const row = await getPrisma().environment.findFirst({
    where: { OR: [{ id: idOrName }, { name: idOrName }] },
  });
  return row ? sealedOf(row) : null;
};

export type CreateEnvironmentRow = {
  name: string;
  url: string;
  kind: string;
  tlsSealed: string | null;
  sshKeySealed: string | null;
  sshHostKeys: string | null;
  createdBy: string;
  lastCheckDetail: string;
};

/** Stores a tested environment. */
export const createEnvironment = async (row: CreateEnvironmentRow): Promise<EnvironmentView> =>
  viewOf(
    sealedOf(
      await getPrisma().environment.create({
        data: { ...row, lastCheckAt: new Date(), lastCheckOk: true },
      }),
    ),
  );

/** Records a connection test's outcome. */
export const recordEnvironmentCheck = async ({
  id,
  ok,
  detail,
}: {
  id: string;
  ok: boolean;
  detail: string;
}): Promise<void> => {
  await getPrisma().environment.updateMany({
    where: { id },
    data: { lastCheckAt: new Date(), lastCheckOk: ok, lastCheckDetail: detail },
  });
};

/** Pins an ssh engine's host keys (at its first test), unless some are pinned already. */
export const pinEnvironmentHostKeys = async ({ id, keys }: { id: string; keys: string }): Promise<boolean> =>
  (
    await getPrisma().environment.updateMany({
      where: { id, sshHostKeys: null },
      data: { sshHostKeys: keys },
    })
  ).count > 0;

/** Removes an environment; false when it was not there. */
export const deleteEnvironment = async (id: string): Promise<boolean> =>
  (await getPrisma().environment.deleteMany({ where: { id } })).count > 0;

/**
 * The projects the panel ran on an environment, and of those the ones its stored runs leave deployed
 * (the latest deploy or teardown is a deploy that did not fail or get cancelled).
 */
export const projectsOn = async (environmentId: string): Promise<{ all: string[]; deployed: string[] }> => {
  const runs = await getPrisma().run.findMany({
    where: { environmentId },
    orderBy: { startedAt: "desc" },
    select: { project: true, kind: true, status: true },
  });
  const latest = new Map<string, { kind: string; status: string }>();
  for (const run of runs)
    if (!latest.has(run.project) && (run.kind === "deploy" || run.kind === "teardown"))
      latest.set(run.project, run);
  return {
    all: [...new Set(runs.map((r) => r.project))],
    deployed: [...latest]
      .filter(([, run]) => run.kind === "deploy" && run.status !== "failed" && run.status !== "cancelled")
      .map(([project]) => project),
  };
};
