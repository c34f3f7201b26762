// /api/v1 environments: the Docker engines the panel deploys to. Listing is for every role (never a
// credential); adding, testing and removing are the admin's, as on the Environments page.
import { z } from "zod";
import { ENGINE_FAILURES } from "@/lib/docker/engine-failure";
import { json } from "@/lib/http/respond";
import {
  addEnvironment,
  environmentNotFound,
  environmentsForDisplay,
  findEngineScope,
  removeEnvironment,
  testConnection,
  ZNewEnvironment,
} from "@/lib/operations/environments";
import { defineEndpoint } from "../endpoint";

const ZEnvironment = z.object({
  id: z.string(),
  name: z.string().describe('"local" is the panel\'s own engine'),
  url: z.string(),
  kind: z.string().describe("local, tcp or ssh"),
  hasTls: z.boolean().describe("TLS material is stored (sealed; never given out)"),
  hasSshKey: z.boolean(),
  sshHostKeys: z
    .string()
    .nullable()
    .describe(
      "an ssh engine's pinned host keys (public), one `type base64` a line; null until its first test",
    ),
  hostKeyFingerprints: z
    .array(z.string())
    .describe("the pinned host keys' SHA256 fingerprints, as ssh-keygen -l shows them"),
  createdAt: z.iso.datetime({ offset: true }),
  createdBy: z.string().nullable(),
  lastCheckAt: z.iso.datetime({ offset: true }).nullable(),
  lastCheckOk: z.boolean().nullable(),
  lastCheckDetail: z.string().nullable().describe("the last test's engine facts (JSON) or its error"),
});

const ZHostKey = z
  .object({
    fingerprint: z.string().describe("SHA256:…, as ssh-keygen -l shows it"),
    type: z.string(),
    pinnedNow: z
      .boolean()
      .describe(
        "true: this test pinned it (compare it with the engine's own); false: it matched the pinned key",
      ),
  })
  .nullable()
  .describe("the ssh host key the engine presented (null for tcp:// and unix://)");

const ZEnvironmentId = z.object({ id: z.string().describe("the environment's id or name") });

export const environmentsEndpoint = defineEndpoint(
  {
    method: "GET",
    path: "/environments",
    tag: "environments",
    summary: "The Docker engines the panel deploys to, its own first",
    access: "viewer",
    answers: [
      { status: 200, description: "the environments", kind: "envelope", data: z.array(ZEnvironment) },
    ],
    errors: [],
  },
  async () => json(await environmentsForDisplay()),
);

export const addEnvironmentEndpoint = defineEndpoint(
  {
    method: "POST",
    path: "/environments",
    tag: "environments",
    summary: "Add an engine (unix://, tcp:// with TLS PEMs, ssh:// with a key)",
    description:
      "The connection is tested first; an engine that does not answer, or a certificate the CA does not sign, is refused with the failure's class and nothing is stored. An ssh:// engine's host key is checked against `knownHosts` (lines as ssh-keyscan prints them) or, without it, pinned as the engine presents it now: compare the fingerprint in the answer with `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub` on the engine.",
    access: "admin",
    body: ZNewEnvironment.strict(),
    answers: [
      {
        status: 201,
        description: "added, with the connection test that let it in",
        kind: "envelope",
        data: z.object({
          environment: ZEnvironment.omit({ hostKeyFingerprints: true }),
          probe: z.record(z.string(), z.unknown()),
          hostKey: ZHostKey,
        }),
      },
    ],
    errors: ["conflict"],
  },
  async ({ principal, address, body }) =>
    json(await addEnvironment({ principal, address, request: body }), { status: 201 }),
);

export const testEnvironmentEndpoint = defineEndpoint(
  {
    method: "POST",
    path: "/environments/{id}/test",
    tag: "environments",
    summary: "Test an engine's connection now (version, CPUs, memory, swarm state, or the failure's class)",
    description:
      "An ssh:// engine added before host keys were pinned has its key pinned by this test (`hostKey.pinnedNow`); until then the panel refuses to authenticate to it. A key other than the pinned one fails with `host_key_mismatch`, naming both fingerprints.",
    access: "admin",
    params: ZEnvironmentId,
    answers: [
      {
        status: 200,
        description: "the outcome, also stored as the last check",
        kind: "envelope",
        data: z.union([
          z.object({ ok: z.literal(true), probe: z.record(z.string(), z.unknown()), hostKey: ZHostKey }),
          z.object({
            ok: z.literal(false),
            error: z
              .string()
              .describe("the panel's sentence for the failure (never the remote server's text)"),
            failure: z.enum(ENGINE_FAILURES).nullable(),
          }),
        ]),
      },
    ],
    errors: ["not_found"],
  },
  async ({ params }) => {
    const id = params.id ?? "";
    const scope = await findEngineScope(id);
    if (!scope) throw environmentNotFound(id);
    return json(await testConnection(scope));
  },
);

export const removeEnvironmentEndpoint = defineEndpoint(
  {
    method: "DELETE",
    path: "/environments/{id}",
    tag: "environments",
    summary: "Remove an engine (refused while the panel runs something there)",
    access: "admin",
    params: ZEnvironmentId,
    answers: [
      { status: 200, description: "removed", kind: "envelope", data: z.object({ deleted: z.literal(true) }) },
    ],
    errors: ["not_found", "conflict"],
  },
  // removeEnvironment looks the environment up once and answers 404 for one the panel does not have.
  async ({ principal, address, params }) => {
    await removeEnvironment({ principal, address, environment: params.id ?? "" });
    return json({ deleted: true as const });
  },
);
