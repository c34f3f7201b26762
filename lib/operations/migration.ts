// A guided migration A → B (docs/MIGRATION.md): count A's data, back it up (lib/operations/backups),
// tear A down keeping its volumes, restore the snapshot into B's corresponding volumes and data folders, deploy B,
// validate it; when a step or a check fails, roll back by itself (tear down B, restore the snapshot
// into A's volumes, deploy A, validate A). Stored as a run of kind "migration", state per step, so a
// panel restart resumes at the step it cut. The dry run answers the same plan, writing nothing.
import { z } from "zod";
import type { Actor } from "@/lib/auth/principal";
import type { Topology } from "@/lib/compose/types";
import { recordAudit } from "@/lib/db/audit";
import {
  createMigrationRun,
  getMigrationRun,
  migrationRunsInFlight,
  saveMigrationRun,
  setMigrationOwner,
  type MigrationOwner,
} from "@/lib/db/migrations";
import { assertProjectFree } from "@/lib/deploy";
import { findProjectContainers } from "@/lib/docker/project-objects";
import { AppError, isAppError } from "@/lib/errors";
import { refusedFields } from "@/lib/http/field-problems";
import {
  correspondenceOfMapping,
  proposeCorrespondence,
  storeKeysOf,
  withoutFolders,
  type Correspondence,
} from "@/lib/migrations/correspondence";
import { planMigration, type MigrationState } from "@/lib/migrations/steps";
import { isFolderKey } from "@/lib/compose/data-folders";
import { currentOwnerId, ownerAlive } from "@/lib/recording/owner";
import { STRATEGIES } from "@/lib/deploy/types";
import { latencyTargetOf } from "./deploy";
import { loadOrExplain } from "./deploy-start";
import { currentEngine } from "@/lib/docker/client";
import { storedEnvironmentId, withEnvironment } from "./environments";
import { publishMigrationChange } from "@/lib/realtime/migration-room";
import { acquireMigrationLock } from "./migration-lock";
import { runMigrationSteps } from "./migration-steps";
import { storedPrincipal } from "./stored-principal";
import { newRunId } from "./run-id";

/** POST /api/v1/migrations: which topologies, a dry run or the real move, the volume mapping. */
export const ZMigrationRequest = z.strictObject({
  from: z
    .string()
    .min(1, "name the topology to migrate from")
    .describe("topology A (running, with the data)"),
  to: z.string().min(1, "name the topology to migrate to").describe("topology B (not running)"),
  dryRun: z.boolean().default(true).describe("true: answer the steps and the mapping, change nothing"),
  mapping: z
    .record(z.string().min(1), z.string().min(1))
    .optional()
    .describe(
      "A's volume or data folder → B's (a volume's compose key, or bind:<folder>); replaces the proposed correspondence whole",
    ),
  strategy: z.enum(STRATEGIES).default("phased").describe("how B (and A, on a rollback) is started"),
  environment: z
    .string()
    .regex(/^[a-zA-Z0-9_-]{1,60}$/, "an environment's name or id")
    .optional()
    .describe("the engine (default: the panel's own)"),
});
export type TMigrationRequest = z.infer<typeof ZMigrationRequest>;

/** A topology by name, or a 400 naming the request's field. */
const loadNamed = async (field: "from" | "to", name: string): Promise<Topology> => {
  try {
    return (await loadOrExplain({ name })).topology;
  } catch (error) {
    if (isAppError(error) && error.code === "not_found")
      throw refusedFields({
        problems: [{ path: field, message: `no topology "${name}" under topologies/` }],
        what: "fields",
      });
    if (isAppError(error) && error.code === "bad_request")
      throw refusedFields({ problems: [{ path: field, message: error.message }], what: "fields" });
    throw error;
  }
};

/** The proposed correspondence, or the person's mapping (a 400 naming each bad entry). */
const correspondenceOf = ({
  from,
  to,
  mapping,
}: {
  from: Topology;
  to: Topology;
  mapping: Record<string, string> | undefined;
}): Correspondence => {
  if (!mapping) return proposeCorrespondence({ from, to });
  const asked = correspondenceOfMapping({ from, to, mapping });
  if (!asked.ok) throw refusedFields({ problems: asked.problems, what: "fields" });
  return asked.correspondence;
};

/** On an engine that is not on the panel's host, data folders cannot be copied: none is carried. */
const reachableOnly = (correspondence: Correspondence): Correspondence => {
  const engine = currentEngine();
  return engine.onThisHost
    ? correspondence
    : withoutFolders(
        correspondence,
        `a data folder on ${engine.environmentName}'s host, which the panel cannot reach: only named volumes are carried there`,
      );
};

/**
 * The plan of a migration (every step pending) and B's volumes and data folders a mapping may name
 * (folders only on an engine on this host), or a 400 naming the field; reads, never writes.
 */
const planOf = async (request: TMigrationRequest): Promise<{ state: MigrationState; targets: string[] }> => {
  if (request.from === request.to)
    throw refusedFields({
      problems: [{ path: "to", message: "must differ from from: a migration moves between two topologies" }],
      what: "fields",
    });
  const from = await loadNamed("from", request.from);
  const to = await loadNamed("to", request.to);
  if (from.project === to.project)
    throw refusedFields({
      problems: [
        { path: "to", message: `${request.to} uses the same project (${to.project}) as ${request.from}` },
      ],
      what: "fields",
    });
  const correspondence = reachableOnly(correspondenceOf({ from, to, mapping: request.mapping }));
  const { onThisHost } = currentEngine();
  const targets = storeKeysOf(to).filter((key) => onThisHost || !isFolderKey(key));
  const state = planMigration({
    from: { name: request.from, project: from.project },
    to: { name: request.to, project: to.project },
    correspondence,
    toHasLoadBalancer: latencyTargetOf(to) !== null,
    fromHasLoadBalancer: latencyTargetOf(from) !== null,
    environment: request.environment ?? null,
    strategy: request.strategy,
  });
  return { state, targets };
};

/** What must hold before anything is written: data to carry, A's data services up, B not deployed. */
const assertStartable = async ({ state }: { state: MigrationState }) => {
  if (state.pairs.length === 0)
    throw refusedFields({
      problems: [
        {
          path: "mapping",
          message: `no volume or data folder of ${state.from} corresponds to one of ${state.to}: name them in mapping`,
        },
      ],
      what: "fields",
    });
  for (const project of [state.fromProject, state.toProject]) assertProjectFree({ project });
  const [fromContainers, toContainers] = await Promise.all([
    findProjectContainers({ project: state.fromProject }),
    findProjectContainers({ project: state.toProject }),
  ]);
  if (toContainers.length > 0)
    throw new AppError(
      "conflict",
      `${state.to} (project ${state.toProject}) has containers on this engine (${toContainers.map((c) => c.name).join(", ")}): tear it down before migrating into it`,
    );
  const counted = state.pairs.find((p) => p.kind === "postgres")?.fromService;
  if (counted && !fromContainers.some((c) => c.service === counted && c.state === "running"))
    throw new AppError(
      "conflict",
      `${state.from}'s ${counted} is not running: its rows are counted before the move, so deploy ${state.from} first`,
    );
};

export type MigrationAnswer =
  { dryRun: true; plan: MigrationState; targets: string[] } | { dryRun: false; id: string };

/** Plans a migration (dry run: answers the plan) or starts it in the background (answers its run id). */
export const startMigration = ({
  principal,
  address,
  request,
}: Actor & { request: TMigrationRequest }): Promise<MigrationAnswer> =>
  withEnvironment(request.environment, async (scope) => {
    const { state, targets } = await planOf(request);
    if (request.dryRun) return { dryRun: true, plan: state, targets };
    await assertStartable({ state });
    const id = newRunId();
    const release = acquireMigrationLock({
      migrationId: id,
      from: state.from,
      to: state.to,
      projects: [state.fromProject, state.toProject],
    });
    const owner: MigrationOwner = {
      by: principal.username,
      byUserId: principal.userId,
      byRole: principal.role,
    };
    try {
      await createMigrationRun({
        id,
        state,
        owner,
        ownerId: currentOwnerId(),
        environmentId: storedEnvironmentId(scope),
      });
      await recordAudit({
        actor: principal.username,
        action: "migration.start",
        target: id,
        address,
        detail: { from: state.from, to: state.to, pairs: state.pairs.map((p) => `${p.from} → ${p.to}`) },
      });
    } catch (error) {
      release();
      throw error;
    }
    void driveMigration({ id, principal, address, owner, release, state });
    return { dryRun: false, id };
  });

/** Drives a stored migration to its end inside its engine scope; the lock is released at the end. */
const driveMigration = async ({
  id,
  principal,
  address,
  owner,
  release,
  state,
}: Actor & {
  id: string;
  owner: MigrationOwner;
  release: () => void;
  state: MigrationState;
}): Promise<void> => {
  try {
    await withEnvironment(state.environment, () =>
      runMigrationSteps({
        id,
        principal,
        address,
        state,
        save: async (next, reachedState, end) => {
          await saveMigrationRun({ id, state: next, owner, reachedState, ...end });
          publishMigrationChange({ id, outcome: next.outcome });
        },
      }),
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.error(`migration ${id} stopped: ${reason}`);
    await saveMigrationRun({
      id,
      state: { ...state, reason },
      owner,
      reachedState: "stopped",
      status: "failed",
      error: reason,
    }).catch(() => undefined);
    publishMigrationChange({ id, outcome: "stopped" });
  } finally {
    release();
  }
};

/** A stored migration as the API and the browser read it: its run's id, status and times, its steps and checks. */
export type MigrationView = MigrationState & {
  id: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  by: string;
};

/** The migration with its steps and their states; 404 when there is none. */
export const getMigration = async ({ id }: { id: string }): Promise<MigrationView> => {
  const row = await getMigrationRun(id);
  if (!row) throw new AppError("not_found", `No migration "${id}".`);
  return {
    id: row.id,
    status: row.status,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    by: row.owner.by,
    ...row.state,
  };
};

/**
 * At boot, after the runs were reconciled: each migration a dead panel process was driving goes on
 * from its first step not done (a step the restart cut runs again; a deploy it cut is torn down
 * first). Returns the ids resumed.
 */
export const resumeMigrationsAtBoot = async (): Promise<string[]> => {
  const resumed: string[] = [];
  for (const row of await migrationRunsInFlight()) {
    if (row.ownerId && ownerAlive(row.ownerId)) continue;
    const principal = storedPrincipal(row.owner);
    const release = await withEnvironment(row.state.environment, async () =>
      acquireMigrationLock({
        migrationId: row.id,
        from: row.state.from,
        to: row.state.to,
        projects: [row.state.fromProject, row.state.toProject],
      }),
    ).catch((error: unknown) => {
      console.error(
        `migration ${row.id} not resumed: ${error instanceof Error ? error.message : String(error)}`,
      );
      return null;
    });
    if (!release) continue;
    await setMigrationOwner({ id: row.id, ownerId: currentOwnerId() });
    await recordAudit({ actor: row.owner.by, action: "migration.resume", target: row.id, address: null });
    void driveMigration({
      id: row.id,
      principal,
      address: null,
      owner: row.owner,
      release,
      state: row.state,
    });
    resumed.push(row.id);
  }
  return resumed;
};
