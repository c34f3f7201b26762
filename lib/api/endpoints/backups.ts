// /api/v1 backups (docs/BACKUPS.md): take a snapshot of a topology's named volumes and data
// folders, list them with their files' sha256 and what was not copied, restore one into the same or
// another topology's volumes and data folders (a mapping the person confirms), delete one (admins).
import { z } from "zod";
import { CONSISTENCY } from "@/lib/backups/snapshot-manifest";
import { ARCHIVE_SOURCE_KINDS } from "@/lib/docker/volume-archive";
import { json } from "@/lib/http/respond";
import { deleteBackup, listBackups, restoreBackup, startBackup } from "@/lib/operations/backups";
import { defineEndpoint } from "../endpoint";

const ZBackupId = z.object({ id: z.string().describe("the backup id") });
const ZTopologyName = z.object({ name: z.string().describe("the topology's folder under topologies/") });

const ZSourceKind = z
  .enum(ARCHIVE_SOURCE_KINDS)
  .describe("volume: a named volume; folder: a data folder the topology bind-mounts (./data/…)");

const ZBackupView = z.object({
  id: z.string(),
  topology: z.string(),
  project: z.string(),
  environment: z.string().nullable(),
  created: z.string(),
  finished: z.string().nullable(),
  state: z.enum(["running", "complete", "failed", "incomplete"]),
  complete: z.boolean().describe("only a complete backup is offered for restore"),
  reason: z.string().nullable().describe("why it failed or is incomplete"),
  consistency: z
    .enum(CONSISTENCY)
    .nullable()
    .describe(
      "stopped: no service used the volumes; paused: they were paused for the copy; live: copied while running",
    ),
  runId: z.string().nullable().describe("the topology's newest run when the backup was taken"),
  sizeBytes: z.number().describe("bytes of the files copied"),
  progress: z.object({ bytesDone: z.number(), bytesExpected: z.number() }),
  by: z.string(),
  volumes: z.array(
    z.object({
      name: z
        .string()
        .describe("the key: a volume's compose key, or bind:<folder under the topology's folder>"),
      kind: ZSourceKind,
      dockerName: z
        .string()
        .describe("the engine's volume name, or the data folder's path on the engine's host"),
      sizeBytes: z.number(),
      files: z.array(z.object({ path: z.string(), sizeBytes: z.number(), sha256: z.string() })),
    }),
  ),
  notCopied: z
    .array(z.object({ source: z.string(), services: z.array(z.string()), why: z.string() }))
    .describe(
      "bind mounts not copied (outside the topology's folder, files, read-only, a remote engine's folders…) and links out of a copied folder, each with why",
    ),
});

export const startBackupEndpoint = defineEndpoint(
  {
    method: "POST",
    path: "/topologies/{name}/backups",
    tag: "backups",
    summary:
      "Back up a topology's named volumes and data folders into a dated snapshot (copied in the background)",
    description:
      "Data folders are the read-write bind mounts inside the topology's folder (./data/postgres), copied on the panel's own engine only; other bind mounts are listed as not copied. Refused before anything is written when the backups folder has too little free space (507, naming the folder and its free space). Running services that use them are paused for the copy unless pause is false.",
    access: "operator",
    params: ZTopologyName,
    body: z.strictObject({
      pause: z
        .boolean()
        .default(true)
        .describe("pause running services that use the volumes during the copy"),
      environment: z.string().min(1).optional().describe("the engine (default: the panel's own)"),
    }),
    answers: [
      {
        status: 202,
        description: "the backup started",
        kind: "envelope",
        data: z.object({ id: z.string() }),
      },
    ],
    errors: ["not_found", "conflict", "insufficient_storage", "engine_unreachable"],
  },
  async ({ principal, address, params, body }) => {
    const { id } = await startBackup({
      principal,
      address,
      request: { topology: params.name ?? "", pause: body.pause, environment: body.environment },
    });
    return json({ id }, { status: 202 });
  },
);

export const backupsEndpoint = defineEndpoint(
  {
    method: "GET",
    path: "/backups",
    tag: "backups",
    summary: "Backups newest first, with each complete one's files and sha256",
    access: "viewer",
    query: z.strictObject({ topology: z.string().min(1).optional().describe("only this topology's") }),
    answers: [{ status: 200, description: "the backups", kind: "envelope", data: z.array(ZBackupView) }],
    errors: [],
  },
  async ({ query }) => json(await listBackups({ topology: query.topology })),
);

export const restoreBackupEndpoint = defineEndpoint(
  {
    method: "POST",
    path: "/backups/{id}/restore",
    tag: "backups",
    summary:
      "Restore a complete backup into the same or another topology's volumes and data folders (emptied first)",
    description:
      "Without confirm: true the answer is a 400 naming the mapping that would be used. A data folder the target has not created yet is made inside its folder. Refused with nothing written: an unknown (404) or incomplete (409) backup, a mapping to a volume or folder the target lacks or a volume that does not exist yet (400), a target whose containers use the volumes or folders (409).",
    access: "operator",
    params: ZBackupId,
    body: z.strictObject({
      topology: z
        .string()
        .min(1)
        .optional()
        .describe("the topology receiving the data (default: the backup's own)"),
      mapping: z
        .record(z.string().min(1), z.string().min(1))
        .optional()
        .describe(
          "backup key → target key (a volume's compose key, or bind:<folder>); default: the same keys",
        ),
      confirm: z.boolean().default(false).describe("the person confirmed the mapping"),
      environment: z.string().min(1).optional().describe("the engine (default: the backup's)"),
    }),
    answers: [
      {
        status: 200,
        description: "restored",
        kind: "envelope",
        data: z.object({
          topology: z.string(),
          mapping: z.array(
            z.object({
              from: z.string(),
              to: z
                .string()
                .describe("the engine's volume name, or the data folder's path on the engine's host"),
              kind: ZSourceKind,
            }),
          ),
        }),
      },
    ],
    errors: ["not_found", "conflict", "engine_unreachable"],
  },
  async ({ principal, address, params, body }) =>
    json(await restoreBackup({ principal, address, id: params.id ?? "", request: body })),
);

export const deleteBackupEndpoint = defineEndpoint(
  {
    method: "DELETE",
    path: "/backups/{id}",
    tag: "backups",
    summary: "Delete a backup: its snapshot folder and its record (refused while it is copied)",
    access: "admin",
    params: ZBackupId,
    answers: [
      { status: 200, description: "deleted", kind: "envelope", data: z.object({ deleted: z.literal(true) }) },
    ],
    errors: ["not_found", "conflict"],
  },
  async ({ principal, address, params }) => {
    await deleteBackup({ principal, address, id: params.id ?? "" });
    return json({ deleted: true as const });
  },
);
