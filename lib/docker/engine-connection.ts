// Engines other than the panel's own: how to reach one (its URL and credentials), a dockerode client
// per environment kept for reuse and closed when the environment is removed, and the connection test
// an admin sees (version, CPUs, memory, swarm state) with errors a person can act on.
import Docker from "dockerode";
import { AppError } from "@/lib/errors";
import { globalSingleton } from "@/lib/global-singleton";

export type EngineKind = "local" | "tcp" | "ssh";

/** Everything needed to reach an engine; credentials in clear (only ever in this process's memory). */
export type EngineConnection = {
  url: string;
  /** PEM; all three together for tcp with TLS. */
  tls?: { ca: string; cert: string; key: string } | null;
  /** PEM private key for ssh://. */
  sshKey?: string | null;
};

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

/** dockerode options for a connection; a tcp:// URL without TLS material talks plain HTTP. */
export const engineOptions = (connection: EngineConnection): Docker.DockerOptions => {
  const kind = engineKindOf(connection.url);
  if (kind === "local") return { socketPath: connection.url.slice("unix://".length) };
  const url = new URL(connection.url.replace(/^(tcp|ssh):/, "http:"));
  if (!url.hostname) throw new AppError("bad_request", "url: names no host", { field: "url" });
  if (kind === "ssh") {
    if (!connection.sshKey)
      throw new AppError("bad_request", "sshKey: an ssh:// engine needs a private key", { field: "sshKey" });
    return {
      protocol: "ssh",
      host: url.hostname,
      port: Number(url.port || 22),
      username: decodeURIComponent(url.username) || "root",
      sshOptions: { privateKey: connection.sshKey },
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
  const docker = new Docker(engineOptions(connection));
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

// Node's TLS verification codes, as a person who pasted the wrong PEM should read them.
const TLS_REASONS: Record<string, string> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    "TLS: the engine's certificate is not signed by the CA you gave (check the CA PEM).",
  SELF_SIGNED_CERT_IN_CHAIN:
    "TLS: the engine's certificate is not signed by the CA you gave (check the CA PEM).",
  DEPTH_ZERO_SELF_SIGNED_CERT:
    "TLS: the engine's certificate is not signed by the CA you gave (it is self-signed).",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    "TLS: the engine's certificate is not signed by the CA you gave (check the CA PEM).",
  CERT_HAS_EXPIRED: "TLS: the engine's certificate has expired.",
  ERR_TLS_CERT_ALTNAME_INVALID: "TLS: the engine's certificate does not name the host in the URL.",
  ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED:
    "TLS: the engine asks for a client certificate (give the client cert and key).",
  ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE:
    "TLS: the engine refused the client certificate (it is not signed by the engine's CA).",
  ERR_SSL_TLSV1_ALERT_UNKNOWN_CA:
    "TLS: the engine refused the client certificate (it is not signed by the engine's CA).",
};

/** The connection error as a person reads it: TLS trouble named, the rest with the system's words. */
export const connectionErrorText = (error: unknown): string => {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof code === "string" && TLS_REASONS[code]) return `${TLS_REASONS[code]} (${code})`;
  if (/All configured authentication methods failed/i.test(message))
    return `ssh: the host refused the key for that user (${message})`;
  if (/HTTP request to an HTTPS server/i.test(message))
    return "TLS: the engine speaks only TLS: give its CA and a client certificate and key.";
  if (/wrong version number|EPROTO/i.test(message))
    return `TLS: the engine does not speak TLS on that port, or speaks only TLS (${message})`;
  if (/socket hang up/i.test(message))
    return `The engine closed the connection (a TLS engine reached without certificates?): ${message}`;
  if (code === "ECONNREFUSED") return `Nothing listens at that address (${message})`;
  if (code === "ENOENT") return `No such socket (${message})`;
  return message;
};

const withTimeout = <T>(work: Promise<T>, ms: number): Promise<T> =>
  Promise.race([
    work,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms).unref(),
    ),
  ]);

/** Asks an engine who it is; throws `bad_request` with the reason when it cannot be reached. */
export const probeEngine = async (docker: Docker, timeoutMs = 10_000): Promise<EngineProbe> => {
  try {
    const [version, info] = await withTimeout(Promise.all([docker.version(), docker.info()]), timeoutMs);
    return {
      version: version.Version,
      apiVersion: version.ApiVersion,
      os: `${info.OperatingSystem} (${info.Architecture})`,
      cpus: info.NCPU,
      memoryBytes: info.MemTotal,
      swarmState: info.Swarm?.LocalNodeState ?? "inactive",
      swarmManager: info.Swarm?.ControlAvailable === true,
    };
  } catch (error) {
    throw new AppError("bad_request", `The engine cannot be reached: ${connectionErrorText(error)}`);
  }
};

/** Tests a connection before anything is stored: a client used once, then dropped. */
export const probeConnection = async (connection: EngineConnection): Promise<EngineProbe> => {
  const docker = new Docker(engineOptions(connection));
  try {
    return await probeEngine(docker);
  } finally {
    (docker.modem as { agent?: { destroy?: () => void } }).agent?.destroy?.();
  }
};
