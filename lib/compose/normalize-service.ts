import { resolve } from "node:path";
import { sourceOf, asRecord, listOrDict, report, scalarText } from "./normalize-context";
import type { NormalizeContext } from "./normalize-context";
import { isHealthcheckDisabled, normalizeHealthcheck } from "./normalize-healthcheck";
import { normalizeHostAccess } from "./normalize-host-access";
import { normalizeServiceNetworks } from "./normalize-networks";
import { normalizePorts } from "./normalize-ports";
import { normalizeResources } from "./normalize-resources";
import { extraHostsOf, normalizeRuntime } from "./normalize-runtime";
import { buildArgsOf, buildOptionsOf } from "./build-options";
import { normalizeSwarmPlacement } from "./normalize-swarm";
import { pullPolicyOf } from "./pull-policy";
import { normalizeVolumes } from "./normalize-volumes";
import { commandOf, dependenciesOf, environmentOf } from "./normalize-environment";
import { normalizeFileMounts } from "./normalize-file-mounts";
import type { fileResourceDefinitions } from "./normalize-file-mounts";
import type { Service } from "./types";
import { formatPath, lineOfPath } from "./yaml-source";
import type { PathSegment } from "./yaml-source";

const RESTART = ["no", "always", "on-failure", "unless-stopped"] as const;
const SWARM_RESTART: Record<string, Service["restart"]> = {
  none: "no",
  "on-failure": "on-failure",
  any: "always",
};

const restartOf = (ctx: NormalizeContext, raw: Record<string, unknown>, name: string): Service["restart"] => {
  if (typeof raw.restart === "string") {
    const policy = raw.restart.split(":")[0] ?? "";
    const known = RESTART.find((candidate) => candidate === policy);
    if (known) return known;
    report({
      ctx,
      code: "invalid_value",
      path: ["services", name, "restart"],
      message: `unknown restart policy "${raw.restart}": use no, always, on-failure or unless-stopped`,
    });
    return "no";
  }
  const condition = asRecord(asRecord(raw.deploy)?.restart_policy)?.condition;
  return typeof condition === "string" ? (SWARM_RESTART[condition] ?? "no") : "no";
};

/** "on-failure:3" or deploy.restart_policy.max_attempts: how often the engine restarts a failing container. */
const restartRetriesOf = (raw: Record<string, unknown>): number | undefined => {
  const count =
    typeof raw.restart === "string"
      ? raw.restart.split(":")[1]
      : asRecord(asRecord(raw.deploy)?.restart_policy)?.max_attempts;
  const retries = Number(count === undefined ? NaN : scalarText(count));
  return Number.isInteger(retries) && retries > 0 ? retries : undefined;
};

/** Bind mounts and the build context/Dockerfile as host paths, each at its own line. */
const bindOptions = ({
  ctx,
  name,
  raw,
  build,
}: {
  ctx: NormalizeContext;
  name: string;
  raw: Record<string, unknown>;
  build: Service["build"];
}) => {
  const located = (key: string, path: PathSegment[], value: string, written: string) => ({
    service: name,
    key,
    value,
    written,
    path: formatPath(path),
    line: lineOfPath({ source: sourceOf({ ctx, path }), path }),
  });
  const out: ReturnType<typeof located>[] = [];
  if (Array.isArray(raw.volumes)) {
    // Each item on a scratch context, so the list index (and its line) is known for every bind.
    const scratch: NormalizeContext = { ...ctx, errors: [], warnings: [], hostReaching: undefined };
    raw.volumes.forEach((item, index) => {
      for (const mount of normalizeVolumes({ ctx: scratch, value: [item], path: [], declared: new Set() }))
        if (mount.type === "bind")
          out.push(
            located(
              "volumes",
              ["services", name, "volumes", index],
              mount.source,
              typeof item === "string" ? (item.split(":")[0] ?? item) : scalarText(asRecord(item)?.source),
            ),
          );
    });
  }
  // extra_hosts naming host-gateway reaches the engine's host (policy: host_gateway).
  for (const entry of extraHostsOf(raw.extra_hosts))
    if (entry.includes("host-gateway"))
      out.push(located("extra_hosts", ["services", name, "extra_hosts"], entry, entry));
  if (build) {
    const buildPath = ["services", name, "build"];
    if (build.options?.network)
      out.push(
        located("build.network", [...buildPath, "network"], build.options.network, build.options.network),
      );
    const context =
      typeof raw.build === "string" ? raw.build : scalarText(asRecord(raw.build)?.context ?? ".");
    out.push(located("build", buildPath, build.context, context));
    out.push(
      located(
        "build.dockerfile",
        [...buildPath, "dockerfile"],
        resolve(build.context, build.dockerfile),
        build.dockerfile,
      ),
    );
  }
  return out;
};

/** `pull_policy` when written (refuse-keys.ts refuses an unknown one): absent means missing. */
const pullPolicyField = (value: unknown): Pick<Service, "pullPolicy"> => {
  const policy = typeof value === "string" ? pullPolicyOf({ value }) : null;
  return policy ? { pullPolicy: policy } : {};
};

/** Normalizes one service's short and long syntaxes into the typed model. */

export const normalizeService = ({
  ctx,
  name,
  value,
  declaredVolumes,
  fileResources = { secret: new Map(), config: new Map() },
}: {
  ctx: NormalizeContext;
  name: string;
  value: unknown;
  declaredVolumes: Set<string>;
  /** The project's top-level secrets and configs (fileResourceDefinitions). */
  fileResources?: Record<"secret" | "config", ReturnType<typeof fileResourceDefinitions>>;
}): Service => {
  const raw = asRecord(value) ?? {};
  const path = ["services", name];
  const buildRaw = typeof raw.build === "string" ? { context: raw.build } : asRecord(raw.build);
  const build = buildRaw
    ? {
        context: resolve(ctx.dir, scalarText(buildRaw.context ?? ".")),
        dockerfile: typeof buildRaw.dockerfile === "string" ? buildRaw.dockerfile : "Dockerfile",
        args: buildArgsOf({ value: buildRaw.args, env: ctx.env }),
        ...buildOptionsOf({ build: buildRaw, pullPolicy: raw.pull_policy }),
      }
    : null;
  if (typeof raw.image !== "string" && !build) {
    report({
      ctx,
      code: "invalid_value",
      path,
      message: `has neither "image" nor "build": add an image such as "nginx:alpine"`,
    });
  }
  const phase = raw["x-phase"];
  if (phase !== undefined && typeof phase !== "string") {
    report({
      ctx,
      code: "invalid_value",
      path: [...path, "x-phase"],
      message: "x-phase must be a phase name (text)",
    });
  }
  const networkMode = typeof raw.network_mode === "string" ? raw.network_mode : null;
  const volumes = normalizeVolumes({
    ctx,
    value: raw.volumes,
    path: [...path, "volumes"],
    declared: declaredVolumes,
  });
  const host = normalizeHostAccess({ ctx, name, raw });
  ctx.hostReaching?.push(...host.options, ...bindOptions({ ctx, name, raw, build }));
  const mounted = (["secret", "config"] as const).map((kind) =>
    normalizeFileMounts({
      ctx,
      service: name,
      kind,
      value: raw[`${kind}s`],
      definitions: fileResources[kind],
    }),
  );
  for (const { reaching } of mounted) ctx.hostReaching?.push(...reaching);
  const generatedFiles = mounted.flatMap((m) => m.generated);
  return {
    name,
    image: typeof raw.image === "string" ? raw.image : `${ctx.project}-${name}`,
    build,
    containerName: typeof raw.container_name === "string" ? raw.container_name : null,
    command: commandOf({ value: raw.command }),
    entrypoint: commandOf({ value: raw.entrypoint }),
    environment: environmentOf({ ctx, value: raw.environment }),
    ports: normalizePorts({ ctx, value: raw.ports, path: [...path, "ports"] }),
    volumes: [...volumes, ...mounted.flatMap((m) => m.volumes)],
    networks: normalizeServiceNetworks({ name, value: raw.networks, networkMode }),
    dependsOn: dependenciesOf({ value: raw.depends_on }),
    healthcheck: normalizeHealthcheck({ ctx, value: raw.healthcheck, path: [...path, "healthcheck"] }),
    healthcheckDisabled: isHealthcheckDisabled(raw.healthcheck),
    resources: normalizeResources({ ctx, service: raw, path }),
    swarm: normalizeSwarmPlacement({ service: raw }),
    ...pullPolicyField(raw.pull_policy),
    restart: restartOf(ctx, raw, name),
    restartMaxRetries: restartRetriesOf(raw),
    labels: listOrDict({ value: raw.labels }),
    phase: typeof phase === "string" ? phase : null,
    line: lineOfPath({ source: sourceOf({ ctx, path }), path }) ?? 1,
    networkMode,
    workingDir: typeof raw.working_dir === "string" ? raw.working_dir : null,
    hostAccess: host.access,
    runtime: normalizeRuntime({ ctx, raw, path }),
    ...(generatedFiles.length > 0 ? { generatedFiles } : {}),
  };
};
