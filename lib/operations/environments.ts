// Environments (Docker engines besides the panel's own): add after a successful connection test,
// test again, remove when nothing of the panel runs there, and — for everything else — the engine
// scope of an environment (`engineFor`, `withEnvironment`), which deploy, teardown, scale, stats and
// logs run inside. Credentials are sealed at rest with a key derived from JWT_SECRET and opened only
// here, in memory, to build the client.
import type Docker from "dockerode";
import { z } from "zod";
import type { Actor } from "@/lib/auth/principal";
import { openSecret, sealSecret } from "@/lib/auth/secret-box";
import { sessionSecret } from "@/lib/auth/secret";
import { recordAudit } from "@/lib/db/audit";
import {
  createEnvironment,
  deleteEnvironment,
  findEnvironment,
  listEnvironments,
  projectsOn,
  recordEnvironmentCheck,
  type EnvironmentView,
  type SealedEnvironment,
} from "@/lib/db/environments";
import {
  currentEngine,
  getDocker,
  LOCAL_ENVIRONMENT_ID,
  localEngineScope,
  storedEnvironmentId,
  withEngine,
  type EngineScope,
} from "@/lib/docker/client";
import {
  closeEnvironmentClient,
  engineKindOf,
  environmentClient,
  probeConnection,
  probeEngine,
  type EngineConnection,
  type EngineProbe,
} from "@/lib/docker/engine-connection";
import { LABEL } from "@/lib/docker/labels";
import { AppError } from "@/lib/errors";
import { redactPrivateKeys } from "@/lib/secrets/redact";

const TLS_PURPOSE = "environment-tls";
const SSH_PURPOSE = "environment-ssh-key";

const pem = (label: string) =>
  z
    .string()
    .max(32_000)
    .refine((v) => v.includes("-----BEGIN "), `must be PEM (${label})`);

export const ZNewEnvironment = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "1-40 lower-case letters, digits, - and _")
      .refine((v) => v !== LOCAL_ENVIRONMENT_ID, `"${LOCAL_ENVIRONMENT_ID}" is the panel's own engine`),
    url: z
      .string()
      .max(300)
      .regex(/^(unix|tcp|ssh):\/\/\S+$/, "must be unix:///path, tcp://host:port or ssh://user@host"),
    tls: z.object({ ca: pem("CA"), cert: pem("certificate"), key: pem("key") }).nullish(),
    sshKey: pem("ssh private key").nullish(),
  })
  .refine((v) => !v.tls || v.url.startsWith("tcp://"), { path: ["tls"], message: "only for tcp:// URLs" })
  .refine((v) => !!v.sshKey === v.url.startsWith("ssh://"), {
    path: ["sshKey"],
    message: "an ssh:// URL needs a private key, and only it",
  });
export type TNewEnvironment = z.infer<typeof ZNewEnvironment>;

/** What the list shows for the panel's own engine. */
export const localEnvironmentView = (): EnvironmentView => ({
  id: LOCAL_ENVIRONMENT_ID,
  name: LOCAL_ENVIRONMENT_ID,
  url: process.env.DOCKER_HOST ?? "unix:///var/run/docker.sock",
  kind: (process.env.DOCKER_HOST ?? "unix:").startsWith("tcp:") ? "tcp" : "local",
  hasTls: false,
  hasSshKey: false,
  createdAt: new Date(0),
  createdBy: null,
  lastCheckAt: null,
  lastCheckOk: null,
  lastCheckDetail: null,
});

/** The implicit local environment first, then the added ones; never credentials. */
export const environmentsForDisplay = async (): Promise<EnvironmentView[]> => [
  localEnvironmentView(),
  ...(await listEnvironments()),
];

/** The TLS material as it was sealed (parsed, so a corrupted box fails here, not in the TLS handshake). */
const ZSealedTls = z.object({ ca: z.string(), cert: z.string(), key: z.string() });

const connectionOf = (env: SealedEnvironment): EngineConnection => {
  const secret = sessionSecret();
  const open = (sealed: string | null, purpose: string) => {
    if (sealed === null) return null;
    const plain = openSecret({ sealed, secret, purpose });
    if (plain === null)
      throw new AppError(
        "internal",
        `The credentials of environment "${env.name}" cannot be opened: JWT_SECRET changed since it was added. Remove it and add it again.`,
      );
    return plain;
  };
  const tls = open(env.tlsSealed, TLS_PURPOSE);
  return {
    url: env.url,
    tls: tls === null ? null : ZSealedTls.parse(JSON.parse(tls)),
    sshKey: open(env.sshKeySealed, SSH_PURPOSE),
  };
};

const scopeOf = (env: SealedEnvironment): EngineScope => ({
  environmentId: env.id,
  environmentName: env.name,
  docker: environmentClient({ id: env.id, connection: connectionOf(env) }),
  // A tcp:// engine on a loopback address runs here too: its published ports are this machine's.
  onThisHost: env.kind === "local" || /^tcp:\/\/(127\.|localhost[:/]|\[::1\])/.test(env.url),
});

/**
 * The engine scope of an environment by id or name (null, "" or "local": the panel's own engine);
 * null when the panel has no such environment, for the caller to answer as its input deserves.
 */
export const findEngineScope = async (
  environment: string | null | undefined,
): Promise<EngineScope | null> => {
  if (!environment || environment === LOCAL_ENVIRONMENT_ID) return localEngineScope();
  const env = await findEnvironment(environment);
  return env ? scopeOf(env) : null;
};

/** The 404 for an environment a path names (an action's `environment` field answers 400 instead). */
export const environmentNotFound = (environment: string): AppError =>
  new AppError("not_found", `No environment "${environment}": GET /api/v1/environments lists them.`);

/** The engine scope of an environment by id or name; null, "" or "local" is the panel's own engine. */
export const engineScopeFor = async (environment: string | null | undefined): Promise<EngineScope> => {
  const scope = await findEngineScope(environment);
  if (!scope)
    throw new AppError(
      "bad_request",
      `environment: no environment "${environment}" (see Settings → Environments)`,
      {
        field: "environment",
      },
    );
  return scope;
};

/** The dockerode client of an environment (id or name; null/"local": the panel's own engine). */
export const engineFor = async (environment: string | null | undefined): Promise<Docker> =>
  (await engineScopeFor(environment)).docker;

/** Runs `work` — and everything it starts — against an environment's engine. */
export const withEnvironment = async <T>(
  environment: string | null | undefined,
  work: (scope: EngineScope) => Promise<T>,
): Promise<T> => {
  const scope = await engineScopeFor(environment);
  return withEngine(scope, () => work(scope));
};

// Callers here have always found it here; it lives beside the engine scope now, because the
// deploy's run context stamps it on run_started and lib/deploy may not import this layer.
export { storedEnvironmentId };

/** Adds an environment once its engine answered; refuses with the engine's error otherwise. */
export const addEnvironment = async ({
  principal,
  address,
  request,
}: Actor & { request: TNewEnvironment }): Promise<{ environment: EnvironmentView; probe: EngineProbe }> => {
  const kind = engineKindOf(request.url);
  if (await findEnvironment(request.name))
    throw new AppError("conflict", `name: an environment "${request.name}" exists already`, {
      field: "name",
    });
  const connection: EngineConnection = {
    url: request.url,
    tls: request.tls ?? null,
    sshKey: request.sshKey ?? null,
  };
  const probe = await probeConnection(connection).catch(async (error: unknown) => {
    const message = redactPrivateKeys(error instanceof Error ? error.message : String(error));
    await recordAudit({
      actor: principal.username,
      action: "environment.add",
      target: request.name,
      address,
      ok: false,
      detail: { url: request.url, kind, error: message },
    });
    throw error;
  });
  const secret = sessionSecret();
  const environment = await createEnvironment({
    name: request.name,
    url: request.url,
    kind,
    tlsSealed: request.tls
      ? sealSecret({ plain: JSON.stringify(request.tls), secret, purpose: TLS_PURPOSE })
      : null,
    sshKeySealed: request.sshKey ? sealSecret({ plain: request.sshKey, secret, purpose: SSH_PURPOSE }) : null,
    createdBy: principal.username,
    lastCheckDetail: JSON.stringify(probe),
  });
  await recordAudit({
    actor: principal.username,
    action: "environment.add",
    target: request.name,
    address,
    detail: { url: request.url, kind, tls: Boolean(request.tls), engine: probe.version },
  });
  return { environment, probe };
};

/** The run settings naming the caller's environment (the run row's environmentId comes from here). */
export const environmentSettings = (scope: EngineScope = currentEngine()) => ({
  environmentId: storedEnvironmentId(scope),
  environment: scope.environmentName,
});

export type ConnectionTest = { ok: true; probe: EngineProbe } | { ok: false; error: string };

/** Tests an environment's connection now and records the outcome (an unknown one is a bad request). */
export const testEnvironment = async (environment: string): Promise<ConnectionTest> =>
  testConnection(await engineScopeFor(environment));

/** Tests the connection of an environment already looked up, and records the outcome. */
export const testConnection = async (scope: EngineScope): Promise<ConnectionTest> => {
  try {
    const probe = await probeEngine(scope.docker);
    if (scope.environmentId !== LOCAL_ENVIRONMENT_ID)
      await recordEnvironmentCheck({ id: scope.environmentId, ok: true, detail: JSON.stringify(probe) });
    return { ok: true, probe };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (scope.environmentId !== LOCAL_ENVIRONMENT_ID)
      await recordEnvironmentCheck({ id: scope.environmentId, ok: false, detail: message });
    return { ok: false, error: message };
  }
};

/**
 * Which of `projects` still have containers on an engine (empty when it does not answer). Only the
 * panel's own projects there: an engine may be shared, or be the panel's own socket under a name.
 */
const liveProjectsOn = async (scope: EngineScope, projects: string[]): Promise<string[]> => {
  if (projects.length === 0) return [];
  const containers = await withEngine(scope, () =>
    // Label filters are ANDed by Docker: ask for any compose project, keep ours.
    getDocker().listContainers({ all: true, filters: { label: [LABEL.project] } }),
  ).catch(() => []);
  return [...new Set(containers.map((c) => c.Labels[LABEL.project] ?? ""))].filter((p) =>
    projects.includes(p),
  );
};

/** Removes an environment; refused while a run of the panel is deployed there. */
export const removeEnvironment = async ({
  principal,
  address,
  environment,
}: Actor & { environment: string }): Promise<void> => {
  if (environment === LOCAL_ENVIRONMENT_ID)
    throw new AppError("bad_request", "The panel's own engine (local) cannot be removed.");
  const env = await findEnvironment(environment);
  if (!env) throw environmentNotFound(environment);
  const projects = await projectsOn(env.id);
  const live = await liveProjectsOn(scopeOf(env), projects.all);
  const deployed = [...new Set([...projects.deployed, ...live])];
  if (deployed.length > 0)
    throw new AppError(
      "conflict",
      `Environment "${env.name}" still runs ${deployed.join(", ")}: tear ${deployed.length > 1 ? "them" : "it"} down first, then remove the environment.`,
      { deployed },
    );
  await deleteEnvironment(env.id);
  closeEnvironmentClient(env.id);
  await recordAudit({
    actor: principal.username,
    action: "environment.remove",
    target: env.name,
    address,
    detail: { url: env.url, kind: env.kind },
  });
};
