// The checks of a migration's validation (docs/MIGRATION.md): every service healthy, postgres rows
// and MinIO objects equal to A's before, answers through the load balancer. Each is answered with
// its detail; the caller records them and rolls back on the first that failed.
import { z } from "zod";
import type { Principal } from "@/lib/auth/principal";
import { backupGate } from "@/lib/backups/backup-gate";
import { dataStoresOf, storeEngineOf } from "@/lib/backups/data-stores";
import { currentEngine } from "@/lib/docker/client";
import type { Role } from "@/lib/roles";
import { startLatencyTest } from "@/lib/deploy/latency-test";
import { findProjectContainers } from "@/lib/docker/project-objects";
import {
  compareCounts,
  countPostgresRows,
  minioObjectsOf,
  volumeFilePaths,
} from "@/lib/migrations/data-counts";
import type { CheckName, MigrationCheck, MigrationState } from "@/lib/migrations/steps";
import { latencyTargetOf } from "./deploy";
import { loadOrExplain } from "./deploy-start";

/** A step's failure: which check (or step) failed, and the sentence for the record. */
export class StepFailed extends Error {
  constructor(
    readonly failed: string,
    message: string,
  ) {
    super(message);
  }
}

/** How a deploy the migration started ended. */
export type DeployOutcome = { status: string; error: string | null };

const LATENCY_LOAD = { requests: 20, concurrency: 2, durationS: 3 };

/** The part of a latency test's report the check reads. */
const ZLatencyReport = z.object({
  targets: z.array(
    z.object({ via: z.string(), requests: z.number(), errors: z.number(), p50Ms: z.number().nullable() }),
  ),
});

/** The regular files of a topology's volume or data folder (its key), read through the backup helper. */
const storeFilePaths = async ({ topology, key, role }: { topology: string; key: string; role: Role }) => {
  const { topology: loaded } = await loadOrExplain({ name: topology });
  const { stores } = await dataStoresOf({ topology: loaded, engine: storeEngineOf(currentEngine()) });
  const store = stores.find((s) => s.key === key);
  if (!store) throw new Error(`${topology} has no volume or data folder ${key} here`);
  const gate = backupGate({ project: loaded.project, dir: loaded.dir, sources: [store.source], role });
  return volumeFilePaths({ gate, source: store.source });
};

/** Runs every check on A (after a rollback) or B (after the move) and answers them in order. */
export const checkTopology = async ({
  state,
  of,
  deployed,
  principal,
  migrationId: id,
}: {
  state: MigrationState;
  of: "A" | "B";
  /** The deploy this validation follows (null: resumed after it, its containers are looked at). */
  deployed: DeployOutcome | null;
  principal: Principal;
  migrationId: string;
}): Promise<MigrationCheck[]> => {
  const topology = of === "A" ? state.from : state.to;
  const project = of === "A" ? state.fromProject : state.toProject;
  const results: MigrationCheck[] = [];
  const record = (name: CheckName, ok: boolean, detail: string) => {
    const check = { name, of, ok, detail };
    results.push(check);
  };
  const containers = await findProjectContainers({ project });
  const notRunning = containers.filter((c) => c.state !== "running");
  if (deployed && deployed.status !== "healthy")
    record(
      "services-healthy",
      false,
      `the deploy of ${topology} ended ${deployed.status}${deployed.error ? `: ${deployed.error}` : ""}`,
    );
  else if (containers.length === 0 || notRunning.length > 0)
    record(
      "services-healthy",
      false,
      `not running: ${notRunning.map((c) => `${c.service} (${c.state})`).join(", ") || "no container"}`,
    );
  else record("services-healthy", true, `${containers.length} containers running, every service ready`);
  const before = state.before;
  for (const pair of state.pairs) {
    const service = of === "A" ? pair.fromService : pair.toService;
    const volume = of === "A" ? pair.from : pair.to;
    if (pair.kind === "postgres" && before) {
      const container = containers.find((c) => c.service === service && c.state === "running");
      if (!container) {
        record("postgres-rows", false, `${service ?? "postgres"} of ${topology} is not running`);
        continue;
      }
      const counted = await countPostgresRows({ containerId: container.id });
      if (!counted.ok) record("postgres-rows", false, `${service}: ${counted.reason}`);
      else {
        const compared = compareCounts({ before, after: counted });
        record("postgres-rows", compared.ok, `${service}: ${compared.detail}`);
      }
    }
    // A carried MinIO store is always checked: a count never taken fails, it is not skipped.
    if (pair.kind === "minio" && before && before.minioObjects === null)
      record(
        "minio-objects",
        false,
        `${volume}: ${pair.from}'s objects were not counted before the move (its backup listed no files of it)`,
      );
    else if (pair.kind === "minio" && before) {
      const objects = minioObjectsOf(await storeFilePaths({ topology, key: volume, role: principal.role }));
      record(
        "minio-objects",
        objects === before.minioObjects,
        `${volume}: ${objects} objects (A had ${before.minioObjects ?? 0} before)`,
      );
    }
  }
  const { topology: loaded } = await loadOrExplain({ name: topology });
  if (latencyTargetOf(loaded) && results.every((r) => r.ok)) {
    const test = startLatencyTest({
      project,
      ...LATENCY_LOAD,
      settings: { topology, by: principal.username, migration: id },
    });
    const result = await test.done;
    const through = ZLatencyReport.safeParse(result.settings.latencyTest).data?.targets.find(
      (t) => t.via === "load-balancer",
    );
    record(
      "latency",
      result.status === "healthy" && !!through && through.requests > through.errors,
      through
        ? `run ${test.runId}: ${through.requests} requests, ${through.errors} errors, p50 ${through.p50Ms ?? "–"} ms through the load balancer`
        : `run ${test.runId} ended ${result.status}${result.error ? `: ${result.error.message}` : ""}`,
    );
  }
  return results;
};
