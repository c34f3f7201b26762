// The Host allow-list: a browser tricked by DNS rebinding (evil.example resolving to 127.0.0.1)
// sends its own origin in both Host and Origin, so the origin check passes; only the name the
// request was addressed to gives it away. Every request and socket handshake checks it.
import type { TEnv } from "@/lib/env";

export type AllowedHosts = readonly string[];

const LOOPBACK = ["localhost", "127.0.0.1", "[::1]"];
const WILDCARD_BINDS = new Set(["0.0.0.0", "::", "[::]"]);

/** Bracketed IPv6 as a Host header writes it. */
const hostForm = (name: string): string => (name.includes(":") && !name.startsWith("[") ? `[${name}]` : name);

/** Loopback names, the bound PANEL_HOST (unless it binds every address) and PANEL_ALLOWED_HOSTS. */
export const allowedHostsFromEnv = (env: Pick<TEnv, "PANEL_HOST" | "PANEL_ALLOWED_HOSTS">): AllowedHosts => {
  const bound = env.PANEL_HOST.toLowerCase();
  return [
    ...new Set([
      ...LOOPBACK,
      ...(WILDCARD_BINDS.has(bound) ? [] : [hostForm(bound)]),
      ...env.PANEL_ALLOWED_HOSTS,
    ]),
  ];
};

/** Splits `name[:port]` (IPv6 in brackets); null when the header is not a host at all. */
const splitHost = (host: string): { name: string; port: string | null } | null => {
  const match = host
    .trim()
    .toLowerCase()
    .match(/^(\[[0-9a-f:.]+\]|[^:[\]\s/]+)(?::(\d{1,5}))?$/);
  return match?.[1] ? { name: match[1], port: match[2] ?? null } : null;
};

/** Whether a Host header names this panel: an entry without a port allows any port. */
export const isAllowedHost = ({
  host,
  allowed,
}: {
  host: string | null | undefined;
  allowed: AllowedHosts;
}) => {
  const given = host ? splitHost(host) : null;
  if (!given) return false;
  return allowed.some((entry) => {
    const want = splitHost(entry);
    return want !== null && want.name === given.name && (want.port === null || want.port === given.port);
  });
};

/** What a refused caller reads (answered with 421 Misdirected Request). */
export const hostRefusal = (host: string | null | undefined): string =>
  `This panel does not answer to the host name "${String(host ?? "")}". Open it by an allowed name ` +
  "(loopback or PANEL_HOST), or add the name to PANEL_ALLOWED_HOSTS if a reverse proxy forwards it.";
