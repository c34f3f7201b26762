// A migration holds the projects of A and B (per engine) for its whole life, across the runs it
// starts one after another: a deploy, teardown, scale or latency test of either project from
// anyone else is refused (409 naming the migration); the migration's own requests pass.
import { currentEngine } from "@/lib/docker/client";
import { AppError } from "@/lib/errors";
import { globalSingleton } from "@/lib/global-singleton";

export type MigrationLockHolder = { migrationId: string; from: string; to: string; since: string };

const locks = (): Map<string, MigrationLockHolder> => globalSingleton("migration-locks", () => new Map());

const keyOf = (project: string): string => `${currentEngine().environmentId}/${project}`;

/** The sentence a refused request answers with, naming the migration. */
const busySentence = (project: string, held: MigrationLockHolder): string =>
  `Migration ${held.migrationId} (${held.from} → ${held.to}) holds project "${project}" since ${held.since}: ` +
  `wait for it to finish (GET /api/v1/migrations/${held.migrationId}), then try again.`;

/**
 * Throws `conflict` naming the migration that holds the project, unless the caller is that
 * migration (`migrationId`). Call inside the request's engine scope.
 */
export const assertNoMigration = ({
  project,
  migrationId,
}: {
  project: string;
  migrationId?: string;
}): void => {
  const held = locks().get(keyOf(project));
  if (held && held.migrationId !== migrationId)
    throw new AppError("conflict", busySentence(project, held), { migrationId: held.migrationId });
};

/** Takes both projects for a migration or throws `conflict` naming the holder; returns the release. */
export const acquireMigrationLock = ({
  projects,
  ...holder
}: Omit<MigrationLockHolder, "since"> & { projects: string[] }): (() => void) => {
  for (const project of projects) assertNoMigration({ project, migrationId: holder.migrationId });
  const keys = projects.map(keyOf);
  for (const key of keys) locks().set(key, { ...holder, since: new Date().toISOString() });
  return () => {
    for (const key of keys) if (locks().get(key)?.migrationId === holder.migrationId) locks().delete(key);
  };
};
