// Why an engine could not be reached, as a class an admin can act on. The text is the panel's own:
// never what the remote server said (a banner or an error page would be reflected to the admin and
// stored as the environment's last check), only the class, local error codes and our own advice.
import type { HostKey, HostKeyCheck } from "./ssh-host-key";

/** The failure classes of a connection test (one definition: the API schema and the UI read it). */
export const ENGINE_FAILURES = [
  "refused",
  "timed_out",
  "unreachable",
  "no_socket",
  "tls_failed",
  "ssh_handshake_failed",
  "host_key_mismatch",
  "host_key_not_pinned",
  "auth_failed",
  "not_docker",
  "closed",
  "failed",
] as const;
export type EngineFailure = (typeof ENGINE_FAILURES)[number];

/** What the test tells the admin: the class and the panel's sentence for it. */
export type ClassifiedFailure = { failure: EngineFailure; message: string };

/** The code our own timeout carries (no answer within the test's limit). */
export const NO_ANSWER_CODE = "OMX_NO_ANSWER";

// Node's TLS verification codes, as a person who pasted the wrong PEM should read them.
const TLS_REASONS: Record<string, string> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    "the engine's certificate is not signed by the CA you gave (check the CA PEM).",
  SELF_SIGNED_CERT_IN_CHAIN: "the engine's certificate is not signed by the CA you gave (check the CA PEM).",
  DEPTH_ZERO_SELF_SIGNED_CERT:
    "the engine's certificate is not signed by the CA you gave (it is self-signed).",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    "the engine's certificate is not signed by the CA you gave (check the CA PEM).",
  CERT_HAS_EXPIRED: "the engine's certificate has expired.",
  ERR_TLS_CERT_ALTNAME_INVALID: "the engine's certificate does not name the host in the URL.",
  ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED:
    "the engine asks for a client certificate (give the client cert and key).",
  ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE:
    "the engine refused the client certificate (it is not signed by the engine's CA).",
  ERR_SSL_TLSV1_ALERT_UNKNOWN_CA:
    "the engine refused the client certificate (it is not signed by the engine's CA).",
};

const fingerprints = (keys: HostKey[]) => keys.map((k) => `${k.fingerprint} (${k.type})`).join(" or ");

/** The error's code and message, whatever was thrown (the message is matched, never repeated). */
const partsOf = (error: unknown) => ({
  code:
    typeof (error as { code?: unknown } | null)?.code === "string" ? (error as { code: string }).code : "",
  message: error instanceof Error ? error.message : String(error),
  level: (error as { level?: unknown } | null)?.level,
  statusCode: (error as { statusCode?: unknown } | null)?.statusCode,
});

const of = (failure: EngineFailure, message: string): ClassifiedFailure => ({ failure, message });

/** Our own name for a local error code (letters, digits, _ only), never free text. */
const codeNote = (code: string) => (/^[A-Z0-9_]{2,40}$/.test(code) ? ` (${code})` : "");

/**
 * The class of a failed connection and the panel's sentence for it. `hostKey` is what the ssh host
 * key check saw (with `pinned`, the keys it compared against).
 */
export const classifyEngineError = (
  error: unknown,
  { hostKey, pinned }: { hostKey?: HostKeyCheck; pinned?: HostKey[] | null } = {},
): ClassifiedFailure => {
  const { code, message, level, statusCode } = partsOf(error);
  if (hostKey?.accepted === false && hostKey.presented) {
    if (!pinned)
      return of(
        "host_key_not_pinned",
        `ssh host key not pinned: the engine presented ${hostKey.presented.fingerprint}; test the environment (Settings → Environments) to see and pin it.`,
      );
    return of(
      "host_key_mismatch",
      `ssh host key mismatch: expected ${fingerprints(pinned)}, the engine presented ${hostKey.presented.fingerprint} (${hostKey.presented.type}). Nothing was sent to it. If the engine's key changed on purpose, remove the environment and add it again (with its new known_hosts line).`,
    );
  }
  if (/Host denied \(verification failed\)/.test(message))
    return of(
      "host_key_mismatch",
      "ssh host key mismatch: the engine's key is not the pinned one; test the environment to see both fingerprints.",
    );
  if (code === NO_ANSWER_CODE || code === "ETIMEDOUT" || level === "client-timeout")
    return of(
      "timed_out",
      "timed out: no answer in time (a firewall dropping packets, or a server that never answers).",
    );
  if (code === "ECONNREFUSED") return of("refused", "refused: nothing listens at that address and port.");
  if (["ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL"].includes(code))
    return of(
      "unreachable",
      `unreachable: the host name does not resolve or no route leads to it${codeNote(code)}.`,
    );
  if (code === "ENOENT" || code === "EACCES" || code === "ENOTSOCK")
    return of("no_socket", `no such socket: nothing usable at that path${codeNote(code)}.`);
  if (TLS_REASONS[code]) return of("tls_failed", `TLS: ${TLS_REASONS[code]}${codeNote(code)}`);
  if (/HTTP request to an HTTPS server/i.test(message))
    return of("tls_failed", "TLS: the engine speaks only TLS: give its CA and a client certificate and key.");
  if (code.startsWith("ERR_OSSL_"))
    return of(
      "tls_failed",
      `TLS: the CA, certificate or key you gave cannot be read (check each PEM)${codeNote(code)}.`,
    );
  if (/wrong version number|packet length too long|EPROTO|^ERR_SSL_|^ERR_TLS_/i.test(`${code} ${message}`))
    return of(
      "tls_failed",
      `TLS handshake failed: the server does not speak TLS on that port, or speaks only TLS${codeNote(code)}.`,
    );
  if (level === "client-authentication" || /All configured authentication methods failed/i.test(message))
    return of("auth_failed", "authentication failed: ssh: the host refused the key for that user.");
  if (level === "protocol" || level === "handshake")
    return of(
      "ssh_handshake_failed",
      "ssh handshake failed: the server at that address does not speak SSH as expected.",
    );
  if (typeof statusCode === "number" || code.startsWith("HPE_") || /^Parse Error/.test(message))
    return of(
      "not_docker",
      `not a Docker API: the server at that address does not answer as a Docker engine${typeof statusCode === "number" ? ` (HTTP ${statusCode})` : ""}.`,
    );
  if (code === "ECONNRESET" || code === "EPIPE" || /socket hang up/i.test(message))
    return of(
      "closed",
      "closed: the server closed the connection (a TLS engine reached without certificates, or not a Docker engine).",
    );
  return of("failed", `the connection failed${codeNote(code)}; the panel log has the details.`);
};
