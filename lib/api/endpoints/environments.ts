// /api/v1 environments: the Docker engines the panel deploys to. Listing is for every role (never a
// credential); adding, testing and removing are the admin's, as on the Environments page.
import { z } from "zod";
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
  createdAt: z.iso.datetime({ offset: true }),
  createdBy: z.string().nullable(),
  lastCheckAt: z.iso.datetime({ offset: true }).nullable(),
  lastCheckOk: z.boolean().nullable(),
  lastCheckDetail: z.string().nullable().describe("the last test's engine facts (JSON) or its error"),
});

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
      "The connection is tested first; an engine that does not answer, or a certificate the CA does not sign, is refused with the reason and nothing is stored.",
    access: "admin",
    body: ZNewEnvironment.strict(),
    answers: [
      {
        status: 201,
        description: "added, with the connection test that let it in",
        kind: "envelope",
        data: z.object({ environment: ZEnvironment, probe: z.record(z.string(), z.unknown()) }),
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
    summary: "Test an engine's connection now (version, CPUs, memory, swarm state, or the error)",
    access: "admin",
    params: ZEnvironmentId,
    answers: [
      {
        status: 200,
        description: "the outcome, also stored as the last check",
        kind: "envelope",
        data: z.union([
          z.object({ ok: z.literal(true), probe: z.record(z.string(), z.unknown()) }),
          z.object({ ok: z.literal(false), error: z.string() }),
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
