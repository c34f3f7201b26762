// Environments (Docker engines besides the panel's own): add after a successful connection test,
// test again, remove when nothing of the panel runs there, and — for everything else — the engine
// scope of an environment (`engineFor`, `withEnvironment`), which deploy, teardown, scale, stats and
// logs run inside. Credentials are sealed at rest with a key derived from JWT_SECRET and opened only
// here, in memory, to build the client. An ssh engine's host key is pinned at its first test (or
// from the known_hosts line the admin gave) and checked before every authentication.
import type Docker from "dockerode";
import { z } from "zod";
import { forgetEnvironment, watchEngine } from "@/lib/alerts";
import type { Actor } from "@/lib/auth/principal";
import { openSecret, sealSecret } from "@/lib/auth/secret-box";
import { sessionSecret } from "@/lib/auth/secret";
import { recordAudit } from "@/lib/db/audit";
import { startStatsHistory, stopStatsHistory } from "@/lib/recording";
import {
  createEnvironment,
  deleteEnvironment,
  findEnvironment,
  listEnvironments,
  pinEnvironmentHostKeys,
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
  probeFailureOf,
  type EngineConnection,
  type EngineProbe,
} from "@/lib/docker/engine-connection";
import type { EngineFailure } from "@/lib/docker/engine-failure";
import { formatPinnedKeys, parseKnownHosts, parsePinnedKeys, type HostKey } from "@/lib/docker/ssh-host-key";
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
    /** known_hosts line(s) of an ssh engine (ssh-keyscan); without, the key it presents now is pinned. */
    knownHosts: z.string().max(16_000).nullish(),
  })
  .refine((v) => !v.tls || v.url.startsWith("tcp://"), { path: ["tls"], message: "only for tcp:// URLs" })
  .refine((v) => !!v.sshKey === v.url.startsWith("ssh://"), {
    path: ["sshKey"],
    message: "an ssh:// URL needs a private key, and only it",
  })
  .refine((v) => !v.knownHosts || v.url.startsWith("ssh://"), {
    path: ["knownHosts"],
    message: "only for ssh:// URLs",
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
  sshHostKeys: null,
  createdAt: new Date(0),
  createdBy: null,
  lastCheckAt: null,
  lastCheckOk: null,
  lastCheckDetail: null,
});

/** An environment as listed: its view and its pinned ssh host keys' SHA256 fingerprints. */
export type EnvironmentListing = EnvironmentView & { hostKeyFingerprints: string[] };

const listingOf = (view: EnvironmentView): EnvironmentListing => ({
  ...view,
  hostKeyFingerprints: view.sshHostKeys ? parsePinnedKeys(view.sshHostKeys).map((k) => k.fingerprint) : [],
});

/** The implicit local environment first, then the added ones; never credentials. */
export const environmentsForDisplay = async (): Promise<EnvironmentListing[]> =>
  [localEnvironmentView(), ...(await listEnvironments())].map(listingOf);

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
    sshHostKeys: env.sshHostKeys ? parsePinnedKeys(env.sshHostKeys) : null,
  };
};

/** The host and port an ssh:// URL names (port 22 when it names none). */
const sshHostOf = (url: string) => {
  const parsed = new URL(url.replace(/^ssh:/, "http:"));
  return { host: parsed.hostname.replace(/^\[|\]$/g, ""), port: Number(parsed.port || 22) };
};

/** The ssh host key the engine presented (it matched the pinned one), and whether this test pinned it. */
export type PinnedHostKey = { fingerprint: string; type: string; pinnedNow: boolean };

const pinnedView = (key: HostKey, pinnedNow: boolean): PinnedHostKey => ({
  fingerprint: key.fingerprint,
  type: key.type,
  pinnedNow,
});

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

/**
 * The stored id of an environment by id or name — null for the panel's own (null, "" or "local"),
 * undefined when the panel has no such environment. Opens no credentials and no client: for reads
 * of stored rows (the resource history) that only need to know which engine.
 */
export const findStoredEnvironmentId = async (
  environment: string | null | undefined,
): Promise<string | null | undefined> => {
  if (!environment || environment === LOCAL_ENVIRONMENT_ID) return null;
  return (await findEnvironment(environment))?.id;
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

/**
 * Adds an environment once its engine answered; refuses with the failure's class otherwise. An ssh
 * engine's host key is checked against the known_hosts line given, or pinned as presented now (its
 * fingerprint comes back for the admin to compare).
 */
export const addEnvironment = async ({
  principal,
  address,
  request,
}: Actor & { request: TNewEnvironment }): Promise<{
  environment: EnvironmentView;
  probe: EngineProbe;
  hostKey: PinnedHostKey | null;
}> => {
  const kind = engineKindOf(request.url);
  if (await findEnvironment(request.name))
    throw new AppError("conflict", `name: an environment "${request.name}" exists already`, {
      field: "name",
    });
  const known = request.knownHosts
    ? parseKnownHosts({ text: request.knownHosts, ...sshHostOf(request.url) })
    : null;
  const connection: EngineConnection = {
    url: request.url,
    tls: request.tls ?? null,
    sshKey: request.sshKey ?? null,
    sshHostKeys: known,
  };
  const { probe, hostKey } = await probeConnection(connection, {
    trustOnFirstUse: kind === "ssh" && !known,
  }).catch(async (error: unknown) => {
    const message = redactPrivateKeys(error instanceof Error ? error.message : String(error));
    await recordAudit({
      actor: principal.username,
      action: "environment.add",
      target: request.name,
      address,
      ok: false,
      detail: { url: request.url, kind, error: message, failure: probeFailureOf(error) },
    });
    throw error;
  });
  const pinned = kind === "ssh" ? (known ?? (hostKey ? [hostKey] : null)) : null;
  const secret = sessionSecret();
  const environment = await createEnvironment({
    name: request.name,
    url: request.url,
    kind,
    tlsSealed: request.tls
      ? sealSecret({ plain: JSON.stringify(request.tls), secret, purpose: TLS_PURPOSE })
      : null,
    sshKeySealed: request.sshKey ? sealSecret({ plain: request.sshKey, secret, purpose: SSH_PURPOSE }) : null,
    sshHostKeys: pinned ? formatPinnedKeys(pinned) : null,
    createdBy: principal.username,
    lastCheckDetail: JSON.stringify(probe),
  });
  const shown = hostKey && pinned ? pinnedView(hostKey, !known) : null;
  await recordAudit({
    actor: principal.username,
    action: "environment.add",
    target: request.name,
    address,
    detail: {
      url: request.url,
      kind,
      tls: Boolean(request.tls),
      engine: probe.version,
      ...(shown ? { hostKey: shown.fingerprint, fromKnownHosts: Boolean(known) } : {}),
    },
  });
  // Watched from now on like those at boot (lib/operations/engine-watches.ts): the alert rules
  // (engine unreachable, containers, runs) and the resource history.
  const added = await findEnvironment(environment.id);
  if (added) {
    const scope = scopeOf(added);
    watchEngine(scope);
    startStatsHistory(scope);
  }
  return { environment, probe, hostKey: shown };
};

/** The run settings naming the caller's environment (the run row's environmentId comes from here). */
export const environmentSettings = (scope: EngineScope = currentEngine()) => ({
  environmentId: storedEnvironmentId(scope),
  environment: scope.environmentName,
});

export type ConnectionTest =
  | { ok: true; probe: EngineProbe; hostKey: PinnedHostKey | null }
  | { ok: false; error: string; failure: EngineFailure | null };

/** Tests an environment's connection now and records the outcome (an unknown one is a bad request). */
export const testEnvironment = async (environment: string): Promise<ConnectionTest> =>
  testConnection(await engineScopeFor(environment));

/**
 * Probes an ssh engine with a client of its own: with no key pinned yet (an environment added
 * before pinning) the key it presents now is pinned and shown; otherwise a different key fails.
 */
const probeSsh = async (
  env: SealedEnvironment,
): Promise<{ probe: EngineProbe; hostKey: PinnedHostKey | null }> => {
  const connection = connectionOf(env);
  const { probe, hostKey } = await probeConnection(connection, { trustOnFirstUse: !connection.sshHostKeys });
  if (!hostKey) return { probe, hostKey: null };
  if (
    !connection.sshHostKeys &&
    (await pinEnvironmentHostKeys({ id: env.id, keys: formatPinnedKeys([hostKey]) }))
  ) {
    // The cached client was made without a pinned key (and refuses every key): make it again.
    closeEnvironmentClient(env.id);
    return { probe, hostKey: pinnedView(hostKey, true) };
  }
  return { probe, hostKey: pinnedView(hostKey, false) };
};

/** Tests the connection of an environment already looked up, and records the outcome. */
export const testConnection = async (scope: EngineScope): Promise<ConnectionTest> => {
  const stored =
    scope.environmentId === LOCAL_ENVIRONMENT_ID ? null : await findEnvironment(scope.environmentId);
  try {
    const { probe, hostKey } =
      stored?.kind === "ssh"
        ? await probeSsh(stored)
        : { probe: await probeEngine(scope.docker), hostKey: null };
    if (stored) await recordEnvironmentCheck({ id: stored.id, ok: true, detail: JSON.stringify(probe) });
    return { ok: true, probe, hostKey };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (stored) await recordEnvironmentCheck({ id: stored.id, ok: false, detail: message });
    return { ok: false, error: message, failure: probeFailureOf(error) };
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
  stopStatsHistory(env.id);
  await forgetEnvironment(env.id, `Environment "${env.name}" was removed from the panel.`);
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
