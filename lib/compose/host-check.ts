// A strict recogniser for health commands the panel can run itself from the host, against the
// container's own address, instead of exec'ing them inside the container: a plain curl / wget of
// a local URL, pg_isready, redis-cli ping. Anything it does not fully understand (another program,
// an unknown flag, a pipe, a variable, auth) returns null and stays an exec probe. Pure.
import { shellSplit } from "./shell-split";

export type HostCheck =
  | {
      kind: "http";
      port: number;
      path: string;
      /** curl without -f succeeds on any HTTP answer. */ failOnHttpError: boolean;
    }
  | { kind: "postgres"; port: number; user: string | null; database: string | null }
  | { kind: "redis"; port: number };

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1"]);
// Characters that make a CMD-SHELL line more than one plain command (after `|| exit 1` is cut).
const SHELL_SYNTAX = /[|&;<>`$(){}*?~\n]/;

const localUrl = (text: string): { port: number; path: string } | null => {
  const match = /^http:\/\/([^/:]+)(?::(\d{1,5}))?(\/[^\s#]*)?$/.exec(text);
  if (!match || !LOCAL_HOSTS.has(match[1] ?? "")) return null;
  const port = match[2] === undefined ? 80 : Number(match[2]);
  return port > 0 && port < 65536 ? { port, path: match[3] ?? "/" } : null;
};

const CURL_FLAGS = new Set([
  "-f",
  "--fail",
  "-s",
  "--silent",
  "-S",
  "--show-error",
  "-sf",
  "-fs",
  "-fsS",
  "-sSf",
  "-sS",
  "-Ss",
]);
const WGET_FLAGS = new Set(["-q", "--quiet", "--spider", "-O-", "-qO-", "-qO", "-O"]);

const curl = (args: string[]): HostCheck | null => {
  let url: { port: number; path: string } | null = null;
  let fail = false;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? "";
    if (arg === "-o" && args[i + 1] === "/dev/null") i += 1;
    else if (CURL_FLAGS.has(arg)) fail ||= arg.includes("f") && arg !== "--silent" && arg !== "--show-error";
    else if (!arg.startsWith("-") && url === null) url = localUrl(arg);
    else return null;
    if (!arg.startsWith("-") && url === null) return null;
  }
  return url ? { kind: "http", ...url, failOnHttpError: fail } : null;
};

const wget = (args: string[]): HostCheck | null => {
  let url: { port: number; path: string } | null = null;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? "";
    if ((arg === "-O" || arg === "-qO") && (args[i + 1] === "-" || args[i + 1] === "/dev/null")) i += 1;
    else if (WGET_FLAGS.has(arg) && arg !== "-O" && arg !== "-qO") continue;
    else if (!arg.startsWith("-") && url === null) {
      url = localUrl(arg);
      if (!url) return null;
    } else return null;
  }
  return url ? { kind: "http", ...url, failOnHttpError: true } : null;
};

const options = (args: string[], known: string[], flags: string[]): Map<string, string> | null => {
  const out = new Map<string, string>();
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? "";
    if (flags.includes(arg)) continue;
    const value = args[i + 1];
    if (!known.includes(arg) || value === undefined || value.startsWith("-")) return null;
    out.set(arg, value);
    i += 1;
  }
  return out;
};

const pgIsReady = (args: string[]): HostCheck | null => {
  const o = options(args, ["-U", "-d", "-h", "-p", "-t"], ["-q"]);
  if (!o || (o.has("-h") && !LOCAL_HOSTS.has(o.get("-h") ?? ""))) return null;
  const port = Number(o.get("-p") ?? 5432);
  return Number.isInteger(port)
    ? { kind: "postgres", port, user: o.get("-U") ?? null, database: o.get("-d") ?? null }
    : null;
};

const redisCli = (args: string[]): HostCheck | null => {
  if (args.at(-1)?.toLowerCase() !== "ping") return null;
  const o = options(args.slice(0, -1), ["-h", "-p"], []);
  if (!o || (o.has("-h") && !LOCAL_HOSTS.has(o.get("-h") ?? ""))) return null;
  const port = Number(o.get("-p") ?? 6379);
  return Number.isInteger(port) ? { kind: "redis", port } : null;
};

const fromWords = (words: string[]): HostCheck | null => {
  // `timeout N cmd …` only bounds the command; the panel bounds its own check.
  const plain = words[0] === "timeout" && /^\d+(\.\d+)?s?$/.test(words[1] ?? "") ? words.slice(2) : words;
  const [program, ...args] = plain;
  switch (program) {
    case "curl":
      return curl(args);
    case "wget":
      return wget(args);
    case "pg_isready":
      return pgIsReady(args);
    case "redis-cli":
      return redisCli(args);
    default:
      return null;
  }
};

/** The host check equivalent to a health test (Engine form), or null when it must be exec'd. */
export const hostCheckOf = (test: string[]): HostCheck | null => {
  const [form, ...rest] = test;
  if (form === "CMD") return fromWords(rest);
  if (form !== "CMD-SHELL" || rest.length !== 1) return null;
  const line = (rest[0] ?? "").replace(/\s*\|\|\s*exit 1\s*$/, "").trim();
  if (SHELL_SYNTAX.test(line)) return null;
  return fromWords(shellSplit({ text: line }));
};
