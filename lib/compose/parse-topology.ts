import { createHash } from "node:crypto";
import { createSecretNamer } from "../secrets/redact";
import { dirname, resolve } from "node:path";
import { checkTopology } from "./checks";
import type { Env } from "./interpolate";
import { interpolateTree } from "./interpolate-tree";
import { asRecord } from "./normalize-context";
import type { NormalizeContext } from "./normalize-context";
import { normalizeNamedVolumes, normalizeNetworks } from "./normalize-networks";
import { normalizeService } from "./normalize-service";
import { projectNameOf } from "./project-name";
import { refuseUnsupported } from "./refuse-keys";
import { resolveServiceReferences } from "./service-references";
import { validateSchema } from "./schema";
import type { ComposeIssue, LoadResult } from "./types";
import { lineOfPath, parseYamlSource } from "./yaml-source";

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
};

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
}: ParseTopologyOptions): LoadResult => {
  const absolute = resolve(file);
  const parsed = parseYamlSource({ text, file: absolute });
  if (!parsed.ok) return parsed;
  const { source } = parsed;
  const root = asRecord(parsed.value);
  if (!root) {
    return {
      ok: false,
      errors: [
        {
          code: "schema",
          message: "the file must be a YAML mapping with a services: key",
          file: absolute,
          line: 1,
          path: null,
        },
      ],
    };
  }
  const interpolated = interpolateTree({ value: root, env, source });
  const schemaErrors = validateSchema({ value: interpolated.value, source });
  const errors = [...interpolated.errors, ...schemaErrors];
  if (errors.length > 0) return { ok: false, errors };

  const document = asRecord(interpolated.value) ?? {};
  const dir = dirname(absolute);
  const ctx: NormalizeContext = {
    source,
    dir,
    project: projectNameOf({ declared: document.name, dir }),
    env,
    publishHost: publishHost === "" ? DEFAULT_PUBLISH_HOST : publishHost,
    errors: [],
    warnings: [],
    hostReaching: [],
  };
  refuseUnsupported({ ctx, document });
  const rawServices = asRecord(document.services) ?? {};
  const volumes = normalizeNamedVolumes({ ctx, value: document.volumes });
  const declaredVolumes = new Set(volumes.map((volume) => volume.name));
  const services = resolveServiceReferences({
    ctx,
    services: Object.entries(rawServices).map(([name, value]) =>
      normalizeService({ ctx, name, value, declaredVolumes }),
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
  checkTopology({ ctx, services, networks, rawServices });
  if (ctx.errors.length > 0) return { ok: false, errors: ctx.errors };

  return {
    ok: true,
    warnings: ctx.warnings,
    topology: {
      project: ctx.project,
      file: absolute,
      dir,
      contentHash: createHash("sha256").update(text).digest("hex"),
      services,
      networks,
      volumes,
      requiredVariables: interpolated.requiredVariables,
      hostReaching: ctx.hostReaching ?? [],
    },
  };
};
