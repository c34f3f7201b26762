// Engines other than the panel's own: how to reach one (its URL, credentials and pinned ssh host
// key), a dockerode client per environment kept for reuse and closed when the environment is
// removed, and the connection test an admin sees (version, CPUs, memory, swarm state) with the
// failure's class when it fails (lib/docker/engine-failure.ts).
import Docker from "dockerode";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { globalSingleton } from "@/lib/global-singleton";
import { oneOffEngineAgent, withEngineAgent } from "./engine-agent";
import {
  classifyEngineError,
  ENGINE_FAILURES,
  NO_ANSWER_CODE,
  type ClassifiedFailure,
  type EngineFailure,
} from "./engine-failure";
import { hostKeyAlgorithms, hostVerifierFor, type HostKey, type HostKeyCheck } from "./ssh-host-key";

export type EngineKind = "local" | "tcp" | "ssh";

/** Everything needed to reach an engine; credentials in clear (only ever in this process's memory). */
export type EngineConnection = {
  url: string;
  /** PEM; all three together for tcp with TLS. */
  tls?: { ca: string; cert: string; key: string } | null;
  /** PEM private key for ssh://. */
  sshKey?: string | null;
  /** The engine's pinned ssh host keys (null: none yet — refused unless a test trusts on first use). */
  sshHostKeys?: HostKey[] | null;
};

/** How a probe reports: its time limit, and for ssh what the host key check saw and compared against. */
export type ProbeOptions = { timeoutMs?: number; hostKey?: HostKeyCheck; pinned?: HostKey[] | null };

/** What the connection test reports. */
export type EngineProbe = {
  version: string;
  apiVersion: string;
  os: string;
  cpus: number;
  memoryBytes: number;
  /** Swarm.LocalNodeState: "inactive", "active", "pending", "error", "locked". */
  swarmState: string;
  /** Whether this engine is a swarm manager (can deploy stacks). */
  swarmManager: boolean;
};

/** The kind of an environment URL, or a 400 naming the field. */
export const engineKindOf = (url: string): EngineKind => {
  if (url.startsWith("unix://")) return "local";
  if (url.startsWith("tcp://")) return "tcp";
  if (url.startsWith("ssh://")) return "ssh";
  throw new AppError("bad_request", "url: must start with unix://, tcp:// or ssh://", { field: "url" });
};

/**
 * dockerode options for a connection; a tcp:// URL without TLS material talks plain HTTP. For ssh://
 * the host key is checked against the pinned keys before the panel authenticates; `hostKey` records
 * what the check saw, `trustOnFirstUse` accepts any key when none is pinned (the admin's test only).
 */
export const engineOptions = (
  connection: EngineConnection,
  {
    hostKey = { presented: null, accepted: null },
    trustOnFirstUse = false,
  }: {
    hostKey?: HostKeyCheck;
    trustOnFirstUse?: boolean;
  } = {},
): Docker.DockerOptions => {
  const kind = engineKindOf(connection.url);
  if (kind === "local") return { socketPath: connection.url.slice("unix://".length) };
  const url = new URL(connection.url.replace(/^(tcp|ssh):/, "http:"));
  if (!url.hostname) throw new AppError("bad_request", "url: names no host", { field: "url" });
  if (kind === "ssh") {
    const pinned = connection.sshHostKeys?.length ? connection.sshHostKeys : null;
    if (!connection.sshKey)
      throw new AppError("bad_request", "sshKey: an ssh:// engine needs a private key", { field: "sshKey" });
    return {
      protocol: "ssh",
      host: url.hostname,
      port: Number(url.port || 22),
      username: decodeURIComponent(url.username) || "root",
      sshOptions: {
        privateKey: connection.sshKey,
        hostVerifier: hostVerifierFor({ pinned, trustOnFirstUse, check: hostKey }),
        ...(pinned ? { algorithms: { serverHostKey: hostKeyAlgorithms(pinned) } } : {}),
        readyTimeout: 10_000,
      },
    } as Docker.DockerOptions;
  }
  if (!connection.tls) return { host: url.hostname, port: Number(url.port || 2375), protocol: "http" };
  // Node verifies the engine's certificate against exactly this CA and its name (rejectUnauthorized).
  return {
    host: url.hostname,
    port: Number(url.port || 2376),
    protocol: "https",
    ca: connection.tls.ca,
    cert: connection.tls.cert,
    key: connection.tls.key,
  };
};

const clients = (): Map<string, Docker> => globalSingleton("docker-environment-clients", () => new Map());

/** The cached client of an environment, created on first use. */
export const environmentClient = ({
  id,
  connection,
}: {
  id: string;
  connection: EngineConnection;
}): Docker => {
  const cached = clients().get(id);
  if (cached) return cached;
  const docker = new Docker(withEngineAgent(engineOptions(connection)));
  clients().set(id, docker);
  return docker;
};

/** Forgets an environment's client (removed or changed); its keep-alive sockets close with it. */
export const closeEnvironmentClient = (id: string): void => {
  const docker = clients().get(id);
  clients().delete(id);
  const agent = (docker?.modem as { agent?: { destroy?: () => void } } | undefined)?.agent;
  agent?.destroy?.();
};

const withTimeout = <T>(work: Promise<T>, ms: number): Promise<T> =>
  Promise.race([
    work,
    new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(Object.assign(new Error(`no answer within ${ms / 1000} s`), { code: NO_ANSWER_CODE })),
        ms,
      ).unref(),
    ),
  ]);

/** What a Docker engine answers on /version and /info (anything else is not a Docker API). */
const ZVersion = z.object({ Version: z.string(), ApiVersion: z.string() });
const ZInfo = z.object({
  OperatingSystem: z.string(),
  Architecture: z.string(),
  NCPU: z.number(),
  MemTotal: z.number(),
  Swarm: z
    .object({ LocalNodeState: z.string().optional(), ControlAvailable: z.boolean().optional() })
    .nullish(),
});

/** A probe that failed: the failure class in `details.failure`, the panel's sentence as the message. */
const probeFailure = ({ failure, message }: ClassifiedFailure): AppError =>
  new AppError("bad_request", `The engine test failed: ${message}`, { failure });

/**
 * Asks an engine who it is; throws `bad_request` naming the failure class when it cannot be
 * reached or is not a Docker engine (never with the remote server's own words).
 */
export const probeEngine = async (
  docker: Docker,
  { timeoutMs = 10_000, hostKey, pinned }: ProbeOptions = {},
): Promise<EngineProbe> => {
  let answers: [unknown, unknown];
  try {
    answers = await withTimeout(Promise.all([docker.version(), docker.info()]), timeoutMs);
  } catch (error) {
    const classified = classifyEngineError(error, { hostKey, pinned });
    if (classified.failure === "failed") console.error("[environments] engine test failed", error);
    throw probeFailure(classified);
  }
  const version = ZVersion.safeParse(answers[0]);
  const info = ZInfo.safeParse(answers[1]);
  if (!version.success || !info.success)
    throw probeFailure({
      failure: "not_docker",
      message: "not a Docker API: the server at that address answers HTTP, but not as a Docker engine.",
    });
  return {
    version: version.data.Version,
    apiVersion: version.data.ApiVersion,
    os: `${info.data.OperatingSystem} (${info.data.Architecture})`,
    cpus: info.data.NCPU,
    memoryBytes: info.data.MemTotal,
    swarmState: info.data.Swarm?.LocalNodeState ?? "inactive",
    swarmManager: info.data.Swarm?.ControlAvailable === true,
  };
};

/** The failure class of a probe error (from probeEngine), or null for any other error. */
export const probeFailureOf = (error: unknown): EngineFailure | null => {
  const failure = (error as { details?: { failure?: unknown } } | null)?.details?.failure;
  return (ENGINE_FAILURES as readonly unknown[]).includes(failure) ? (failure as EngineFailure) : null;
};

/**
 * Tests a connection with a client used once, then dropped. For ssh://, the host key the engine
 * presented comes back with the probe; with nothing pinned it is accepted only when
 * `trustOnFirstUse` (the admin's test, which then pins it).
 */
export const probeConnection = async (
  connection: EngineConnection,
  { trustOnFirstUse = false }: { trustOnFirstUse?: boolean } = {},
): Promise<{ probe: EngineProbe; hostKey: HostKey | null }> => {
  const hostKey: HostKeyCheck = { presented: null, accepted: null };
  // Its own agent: the finally below destroys it, never the process-wide one other clients share.
  const docker = new Docker(
    withEngineAgent(engineOptions(connection, { hostKey, trustOnFirstUse }), oneOffEngineAgent()),
  );
  try {
    const probe = await probeEngine(docker, { hostKey, pinned: connection.sshHostKeys ?? null });
    return { probe, hostKey: hostKey.presented };
  } finally {
    (docker.modem as { agent?: { destroy?: () => void } }).agent?.destroy?.();
  }
};
