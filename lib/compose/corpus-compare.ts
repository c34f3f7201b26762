// Test support for the compose corpus: every field docker-compose 1.29's `config` prints for a
// service, set beside what the panel's Topology holds for it. Each mismatch is a Difference; the
// corpus test explains each one or fails.
import type { CliConfig, CliService } from "./corpus-reference";
import type { Service, Topology } from "./types";

/** One field where the panel and `docker-compose config` disagree. */
export type Difference = { service: string; key: string; ours: unknown; theirs: unknown };

/** The service keys compared field by field below; any other key goes to the key check. */
export const COMPARED_KEYS = new Set([
  "image",
  "build",
  "command",
  "entrypoint",
  "environment",
  "ports",
  "volumes",
  "networks",
  "depends_on",
  "healthcheck",
  "restart",
  "container_name",
  "security_opt",
  "network_mode",
  "working_dir",
]);

// Independent of the panel's units module on purpose: the forms `config` prints.
const ms = (text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ms|us|h|m|s)/g;
  for (let match = re.exec(text); match; match = re.exec(text))
    total += Number(match[1]) * { ms: 1, us: 0.001, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as "ms"];
  return total;
};

// Compose's own splitting of a string command (Python's shlex in posix mode), written for the test.
const shlex = (text: string): string[] => {
  const words: string[] = [];
  let word: string | null = null;
  let quote = "";
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] ?? "";
    if (quote) {
      if (c === quote) quote = "";
      else if (quote === '"' && c === "\\" && /["\\$`]/.test(text[i + 1] ?? "")) word += text[++i] ?? "";
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      word ??= "";
    } else if (c === "\\") word = (word ?? "") + (text[++i] ?? "");
    else if (/\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
    } else word = (word ?? "") + c;
  }
  if (word !== null) words.push(word);
  return words;
};

// `config` re-escapes a literal "$" as "$$" so its output stays valid input.
const unescape = (value: unknown): string =>
  (value === null || value === undefined ? "" : String(value)).replace(/\$\$/g, "$");
const unescapeAll = (values: string[]): string[] => values.map(unescape);

const argv = (value: string | string[] | undefined): string[] | null =>
  value === undefined ? null : unescapeAll(typeof value === "string" ? shlex(value) : value);

type Port = { hostIp: string | null; published: number | null; target: number; protocol: string };
const portOf = (port: NonNullable<CliService["ports"]>[number]): Port => {
  if (typeof port !== "string")
    return {
      hostIp: port.host_ip ?? null,
      published: port.published === undefined ? null : Number(port.published),
      target: port.target,
      protocol: port.protocol ?? "tcp",
    };
  const [spec = "", protocol = "tcp"] = port.split("/");
  const parts = spec.split(":");
  const target = Number(parts.at(-1));
  const published = parts.length > 1 ? Number(parts.at(-2)) : null;
  return { hostIp: parts.length > 2 ? parts.slice(0, -2).join(":") : null, published, target, protocol };
};

type Mount = { type: string; source: string | null; target: string; readOnly: boolean; options: string[] };
const mountOf = (volume: NonNullable<CliService["volumes"]>[number]): Mount => {
  if (typeof volume !== "string")
    return {
      type: volume.type,
      source: volume.source ?? null,
      target: volume.target,
      readOnly: volume.read_only === true,
      options: [],
    };
  const parts = volume.split(":");
  if (parts.length === 1)
    return { type: "volume", source: null, target: volume, readOnly: false, options: [] };
  const [source = "", target = "", mode = ""] = parts;
  const options = mode === "" ? [] : mode.split(",");
  return {
    type: source.startsWith("/") ? "bind" : "volume",
    source,
    target,
    readOnly: options.includes("ro"),
    // rw is the default; ro is compared as readOnly.
    options: options.filter((option) => option !== "ro" && option !== "rw"),
  };
};

const buildOf = (build: CliService["build"]) =>
  build
    ? {
        context: build.context,
        dockerfile: build.dockerfile ?? "Dockerfile",
        args: Object.fromEntries(Object.entries(build.args ?? {}).map(([k, v]) => [k, unescape(v)])),
        ...(build.target === undefined ? {} : { target: build.target }),
      }
    : null;

/** The fields of one service, as the panel holds them and as `config` prints them. */
const fieldsOf = (
  ours: Service,
  theirs: CliService,
  project: string,
): Record<string, { ours: unknown; theirs: unknown }> => ({
  // 1.29 prints no image for a build-only service; Compose v2 names it <project>-<service>, as the panel.
  image: { ours: ours.image, theirs: theirs.image ?? (theirs.build ? `${project}-${ours.name}` : undefined) },
  build: {
    ours: ours.build && {
      context: ours.build.context,
      dockerfile: ours.build.dockerfile,
      args: ours.build.args,
    },
    theirs: buildOf(theirs.build),
  },
  command: { ours: ours.command, theirs: argv(theirs.command) },
  entrypoint: { ours: ours.entrypoint, theirs: argv(theirs.entrypoint) },
  environment: {
    ours: ours.environment,
    theirs: Object.fromEntries(Object.entries(theirs.environment ?? {}).map(([k, v]) => [k, unescape(v)])),
  },
  ports: {
    ours: ours.ports.map((port) => ({
      hostIp: port.hostIp,
      published: port.hostPort,
      target: port.containerPort,
      protocol: port.protocol,
    })),
    theirs: (theirs.ports ?? []).map(portOf),
  },
  volumes: {
    ours: ours.volumes.map((volume) => ({ ...volume, options: [] })),
    theirs: (theirs.volumes ?? []).map(mountOf),
  },
  networks: {
    ours: Object.fromEntries(
      ours.networks.map((network) => [
        network.name,
        { aliases: [...network.aliases].sort(), ipv4: network.ipv4Address },
      ]),
    ),
    // No networks key: the project's default network. The panel adds the service name as an alias
    // (Compose does the same at create time, it is just not printed).
    theirs: theirs.network_mode
      ? {}
      : Object.fromEntries(
          Object.entries(theirs.networks ?? { default: null }).map(([name, options]) => [
            name,
            {
              aliases: [...new Set([ours.name, ...(options?.aliases ?? [])])].sort(),
              ipv4: options?.ipv4_address ?? null,
            },
          ]),
        ),
  },
  depends_on: {
    ours: ours.dependsOn.map((d) => `${d.service}:${d.condition}`).sort(),
    theirs: Object.entries(theirs.depends_on ?? {})
      .map(([service, options]) => `${service}:${options.condition}`)
      .sort(),
  },
  healthcheck: {
    ours: ours.healthcheck
      ? { ...ours.healthcheck, startIntervalMs: undefined }
      : ours.healthcheckDisabled
        ? "disabled"
        : null,
    theirs:
      // `disable: true` is printed as test [NONE]: the health check is switched off (the image's too).
      theirs.healthcheck && (theirs.healthcheck.disable || isNone(theirs.healthcheck.test))
        ? "disabled"
        : theirs.healthcheck
          ? {
              test: unescapeAll(
                typeof theirs.healthcheck.test === "string"
                  ? ["CMD-SHELL", theirs.healthcheck.test]
                  : (theirs.healthcheck.test ?? []),
              ),
              // Docker's defaults when the file gives none (1.29 prints only what is written).
              intervalMs: ms(theirs.healthcheck.interval) ?? 30_000,
              timeoutMs: ms(theirs.healthcheck.timeout) ?? 30_000,
              retries: theirs.healthcheck.retries ?? 3,
              startPeriodMs: ms(theirs.healthcheck.start_period) ?? 0,
              startIntervalMs: undefined,
            }
          : null,
  },
  restart: { ours: ours.restart, theirs: theirs.restart ?? "no" },
  container_name: { ours: ours.containerName, theirs: theirs.container_name ?? null },
  security_opt: { ours: ours.hostAccess?.securityOpt ?? [], theirs: theirs.security_opt ?? [] },
  network_mode: { ours: ours.networkMode ?? null, theirs: theirs.network_mode ?? null },
  working_dir: { ours: ours.workingDir ?? null, theirs: theirs.working_dir ?? null },
});

const isNone = (test: string | string[] | undefined): boolean => Array.isArray(test) && test[0] === "NONE";

// Key order carries no meaning in a mapping (`config` sorts them); list order does.
const sorted = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(sorted)
    : value !== null && typeof value === "object"
      ? Object.fromEntries(
          Object.entries(value)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([k, v]) => [k, sorted(v)]),
        )
      : value;

export const same = (a: unknown, b: unknown): boolean =>
  JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));

/** Every compared field of every service where the two disagree (services missing on one side too). */
export const serviceDifferences = ({
  topology,
  reference,
}: {
  topology: Topology;
  reference: CliConfig;
}): Difference[] => {
  const differences: Difference[] = [];
  const names = new Set([...topology.services.map((s) => s.name), ...Object.keys(reference.services)]);
  for (const name of names) {
    const ours = topology.services.find((service) => service.name === name);
    const theirs = reference.services[name];
    if (!ours || !theirs) {
      differences.push({ service: name, key: "(service)", ours: !!ours, theirs: !!theirs });
      continue;
    }
    for (const [key, pair] of Object.entries(fieldsOf(ours, theirs, topology.project)))
      if (!same(pair.ours, pair.theirs)) differences.push({ service: name, key, ...pair });
  }
  return differences;
};

/** Top-level named volumes and networks: Docker name, driver, external, driver options. */
export const topLevelDifferences = ({
  topology,
  reference,
}: {
  topology: Topology;
  reference: CliConfig;
}): Difference[] => {
  const differences: Difference[] = [];
  for (const [key, raw] of Object.entries(reference.volumes ?? {})) {
    const ours = topology.volumes.find((volume) => volume.name === key);
    const theirs = {
      dockerName: raw?.name ?? (raw?.external ? key : `${topology.project}_${key}`),
      driver: raw?.driver ?? "local",
      external: !!raw?.external,
      driverOpts: (raw as { driver_opts?: Record<string, string> } | null)?.driver_opts ?? {},
    };
    const mine = ours && {
      dockerName: ours.dockerName,
      driver: ours.driver,
      external: ours.external,
      driverOpts: {},
    };
    if (!same(mine, theirs))
      differences.push({ service: "(top level)", key: `volumes.${key}`, ours: mine, theirs });
  }
  for (const [key, raw] of Object.entries(reference.networks ?? {})) {
    const ours = topology.networks.find((network) => network.name === key);
    const theirs = {
      dockerName: raw?.name ?? (raw?.external ? key : `${topology.project}_${key}`),
      driver: raw?.driver ?? "bridge",
      external: !!raw?.external,
    };
    const mine = ours && { dockerName: ours.dockerName, driver: ours.driver, external: ours.external };
    if (!same(mine, theirs))
      differences.push({ service: "(top level)", key: `networks.${key}`, ours: mine, theirs });
  }
  return differences;
};
