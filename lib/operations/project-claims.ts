// What holds a project besides its own runs (whose lock is lib/deploy/lock.ts, taken by the run
// itself): a migration, for its whole life (lib/operations/migration-lock.ts), and a backup or
// restore while it copies the project's data (lib/backups/active-copies.ts). Every request that
// changes a project's containers or data — deploy, teardown, scale, backup, restore — asks this one
// check first, so no action is one check short of the others.
import { assertNotCopying, type ProjectAction } from "@/lib/backups/active-copies";
import { assertNoMigration } from "./migration-lock";
import { storedEnvironmentId } from "./environments";

/**
 * Throws `conflict` naming the migration that holds the project (unless the caller is that
 * migration: `migrationId`) or the backup or restore copying its data. Call inside the request's engine scope.
 */
export const assertProjectUnclaimed = ({
  project,
  action,
  migrationId,
}: {
  project: string;
  action: ProjectAction;
  migrationId?: string;
}): void => {
  assertNoMigration({ project, migrationId });
  assertNotCopying({ environment: storedEnvironmentId(), project, action });
};
