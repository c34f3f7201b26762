import { createHash } from "node:crypto";
import { createSecretNamer } from "../secrets/redact";
import { dirname, resolve } from "node:path";
import { checkTopology } from "./checks";
import type { Env } from "./interpolate";
import { activeServices } from "./active-services";
import { nameUnsetVariables } from "./interpolate-tree";
import { loadModel } from "./load-model";
import { fileResourceDefinitions } from "./normalize-file-mounts";
import { asRecord } from "./normalize-context";
import type { NormalizeContext } from "./normalize-context";
import { normalizeNamedVolumes, normalizeNetworks } from "./normalize-networks";
import { normalizeService } from "./normalize-service";
import { projectNameOf } from "./project-name";
import { refuseUnsupported } from "./refuse-keys";
import { resolveServiceReferences } from "./service-references";
import { resourceReaching } from "./resource-reaching";
import { COMPOSE_SETTINGS } from "./types";
import type { ComposeIssue, LoadResult, Topology } from "./types";
import { emptyTopologyFiles } from "./topology-files";
import type { TopologyFiles } from "./topology-files";
import { lineOfPath } from "./yaml-source";

const HOST_NETWORK_DRIVERS = new Set(["host", "macvlan", "ipvlan"]);

/** Host address for ports written without one, unless the caller passes PANEL_PUBLISH_HOST. */
export const DEFAULT_PUBLISH_HOST = "127.0.0.1";

/** Options of parseTopology. */
export type ParseTopologyOptions = {
  /** The compose file's text. */
  text: string;
  /** Its path: relative bind mounts and the default project name come from its folder. */
  file: string;
  /** Variables for interpolation: the caller merges process env, the folder's .env and overrides. */
  env: Env;
  /** Address for ports published without one (default 127.0.0.1). */
  publishHost?: string;
  /** Override files merged over this one in order (compose.override.yaml and the like). */
  overrideFiles?: string[];
  /** Profiles to enable: services with profiles run only when one of theirs is chosen (default: COMPOSE_PROFILES). */
  profiles?: string[];
  /**
   * Every other file the topology names, as the confined reader read them (loadTopology fills
   * it). Without it only `text` is known: any other file is reported unread.
   */
  files?: TopologyFiles;
};

/** The COMPOSE_* settings `env` holds (the folder's .env), as written. */
const composeSettingsOf = (env: Env): NonNullable<Topology["composeSettings"]> =>
  Object.fromEntries(
    COMPOSE_SETTINGS.flatMap((name) => {
      const value = env[name];
      return value === undefined || value === "" ? [] : [[name, value]];
    }),
  );

/** sha256 of the project's file texts; a single file hashes exactly as its text alone. */
const contentHashOf = (texts: string[]): string => {
  const hash = createHash("sha256");
  texts.forEach((text, index) => hash.update(index === 0 ? text : `\u0000${text}`));
  return hash.digest("hex");
};

const uniqueByName = (list: { name: string; message: string }[]) => [
  ...new Map(list.map((entry) => [entry.name, entry])).values(),
];

/**
 * YAML → interpolated → schema-valid → normalized, checked Topology. Pure: every problem is a
 * ComposeIssue with file and line, never an exception.
 */
export const parseTopology = (options: ParseTopologyOptions): LoadResult => {
  const result = parseUnnamed(options);
  // A message may quote a value after interpolation (`unknown restart policy "…"`): a secret's
  // value is replaced by its variable's name, so an error never carries a secret.
  const name = createSecretNamer({ env: options.env });
  const named = (issue: ComposeIssue): ComposeIssue => ({
    ...issue,
    message: name(issue.message),
    // A path may hold a value too (`services.app.networks.<network name>`).
    path: issue.path === null ? null : name(issue.path),
  });
  return result.ok
    ? { ...result, warnings: result.warnings.map(named) }
    : { ok: false, errors: result.errors.map(named) };
};

/** parseTopology before secret values in messages are named. */
const parseUnnamed = ({
  text,
  file,
  env,
  publishHost = DEFAULT_PUBLISH_HOST,
  overrideFiles = [],
  profiles: chosenProfiles,
  files = emptyTopologyFiles(),
}: ParseTopologyOptions): LoadResult => {
  const composeSettings = composeSettingsOf(env);
  // Compose's default when no profile is chosen: COMPOSE_PROFILES, comma-separated.
  const profiles =
    chosenProfiles ??
    (composeSettings.COMPOSE_PROFILES ?? "")
      .split(",")
      .map((profile) => profile.trim())
      .filter((profile) => profile !== "");
  const absolute = resolve(file);
  const loaded = loadModel({
    file: absolute,
    text,
    overrides: overrideFiles.map((f) => resolve(f)),
    env,
    files,
  });
  if (!loaded.ok) return loaded;
  const { source } = loaded.value;
  const dir = dirname(absolute);
  const active = activeServices({
    services: asRecord(loaded.value.document.services) ?? {},
    source,
    dir,
    env,
    profiles,
    origins: loaded.value.origins,
    files,
  });
  if (active.errors.length > 0)
    return {
      ok: false,
      errors: nameUnsetVariables({ errors: active.errors, emptied: loaded.value.emptied }),
    };
  const document = loaded.value.document;
  const ctx: NormalizeContext = {
    source,
    dir,
    project: projectNameOf({ declared: document.name, dir, fromEnv: composeSettings.COMPOSE_PROJECT_NAME }),
    env,
    publishHost: publishHost === "" ? DEFAULT_PUBLISH_HOST : publishHost,
    errors: [],
    warnings: [...loaded.value.warnings, ...active.warnings],
    hostReaching: [...active.reaching],
    origins: loaded.value.origins,
    files,
  };
  refuseUnsupported({ ctx, document });
  const rawServices = active.services;
  const volumes = normalizeNamedVolumes({ ctx, value: document.volumes });
  const declaredVolumes = new Set(volumes.map((volume) => volume.name));
  const fileResources = {
    secret: fileResourceDefinitions({ ctx, kind: "secret", value: document.secrets }),
    config: fileResourceDefinitions({ ctx, kind: "config", value: document.configs }),
  };
  const services = resolveServiceReferences({
    ctx,
    services: Object.entries(rawServices).map(([name, value]) =>
      normalizeService({ ctx, name, value, declaredVolumes, fileResources }),
    ),
  });
  const needsDefault = services.some((service) =>
    service.networks.some((network) => network.name === "default"),
  );
  const networks = normalizeNetworks({ ctx, value: document.networks, needsDefault });
  // Joining Docker's own "host" network (by name, even as an "existing" network) or a macvlan/ipvlan
  // network puts services on the host's network stack or its LAN: judged like network_mode: host.
  for (const network of networks)
    if (network.dockerName === "host" || HOST_NETWORK_DRIVERS.has(network.driver))
      ctx.hostReaching?.push({
        service: network.name,
        key: "networks",
        value: `${network.dockerName} (driver ${network.driver})`,
        path: `networks.${network.name}`,
        line: lineOfPath({ source, path: ["networks", network.name] }),
      });
  ctx.hostReaching?.push(...resourceReaching({ ctx, volumes, networks }));
  checkTopology({ ctx, services, networks, rawServices });
  if (ctx.errors.length > 0)
    return { ok: false, errors: nameUnsetVariables({ errors: ctx.errors, emptied: loaded.value.emptied }) };

  return {
    ok: true,
    warnings: ctx.warnings,
    topology: {
      project: ctx.project,
      file: absolute,
      dir,
      // Every file of the project counts: editing an override or an included file is a new version.
      contentHash: contentHashOf(loaded.value.files.map((f) => f.text)),
      services,
      networks,
      volumes,
      requiredVariables: uniqueByName(loaded.value.requiredVariables),
      hostReaching: ctx.hostReaching ?? [],
      files: loaded.value.files.map((f) => f.file),
      profiles: {
        declared: active.declared,
        active: profiles.filter((p) => active.declared.includes(p)),
        servicesByProfile: active.byProfile,
      },
      inactiveServices: active.inactive,
      declaredName: typeof document.name === "string" ? document.name : null,
      ...(Object.keys(composeSettings).length > 0 ? { composeSettings } : {}),
    },
  };
};
