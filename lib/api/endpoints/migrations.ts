// /api/v1 migrations (docs/MIGRATION.md): plan a migration A → B (dry run: the steps, the rollback's
// steps and the volume correspondence) or start it (202 with its run id), and read one back.
import { z } from "zod";
import { json } from "@/lib/http/respond";
import { getMigration, startMigration, ZMigrationRequest } from "@/lib/operations/migration";
import { ZMigrationState } from "@/lib/migrations/steps";
import { ZRunStatus } from "@/lib/db/run-columns";
import { defineEndpoint } from "../endpoint";

const ZMigrationView = ZMigrationState.extend({
  id: z.string().describe("the migration's run id (kind migration in history)"),
  status: ZRunStatus.describe("running; healthy once migrated; failed when rolled back or stopped"),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  by: z.string(),
});

export const startMigrationEndpoint = defineEndpoint(
  {
    method: "POST",
    path: "/migrations",
    tag: "migrations",
    summary: "Plan (dry run) or start a migration of a topology's data and cluster A → B",
    description:
      "dryRun true (the default) answers every step, the rollback's steps, the checks and the volume correspondence (A's volume → B's, by postgres/minio/redis service, else by volume name; `mapping` replaces it), and writes nothing. dryRun false starts it: 202 with the run id; GET /migrations/{id} follows its steps. Bad input (an unknown topology, from equal to to, a mapping naming a volume A or B lacks) is a 400 naming the field. 409 while A's postgres is not running, B has containers, or a run or migration holds either project.",
    access: "operator",
    body: ZMigrationRequest,
    answers: [
      {
        status: 200,
        description: "the dry run: the plan, every step pending",
        kind: "envelope",
        data: z.object({
          dryRun: z.literal(true),
          plan: ZMigrationState,
          targets: z
            .array(z.string())
            .describe("B's named volumes and data folders (bind:<path>) a mapping may name"),
        }),
      },
      {
        status: 202,
        description: "the migration started",
        kind: "envelope",
        data: z.object({ dryRun: z.literal(false), id: z.string() }),
      },
    ],
    errors: ["conflict", "engine_unreachable"],
  },
  async ({ principal, address, body }) => {
    const answer = await startMigration({ principal, address, request: body });
    return json(answer, { status: answer.dryRun ? 200 : 202 });
  },
);

export const migrationEndpoint = defineEndpoint(
  {
    method: "GET",
    path: "/migrations/{id}",
    tag: "migrations",
    summary: "A migration: its steps with their states and timings, its checks, and how it ended",
    access: "viewer",
    params: z.object({ id: z.string().describe("the migration's run id") }),
    answers: [{ status: 200, description: "the migration", kind: "envelope", data: ZMigrationView }],
    errors: ["not_found"],
  },
  async ({ params }) => json(await getMigration({ id: params.id ?? "" })),
);
