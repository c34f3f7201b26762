import { resolve } from "node:path";
import { asRecord, listOrDict, report, scalarText } from "./normalize-context";
import type { NormalizeContext } from "./normalize-context";
import { normalizeHealthcheck } from "./normalize-healthcheck";
import { normalizeHostAccess } from "./normalize-host-access";
import { normalizeServiceNetworks } from "./normalize-networks";
import { normalizePorts } from "./normalize-ports";
import { normalizeResources } from "./normalize-resources";
import { normalizeStop } from "./normalize-stop";
import { normalizeVolumes } from "./normalize-volumes";
import { commandOf, dependenciesOf, environmentOf } from "./normalize-environment";
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
  const located = (key: string, path: PathSegment[], value: string) => ({
    service: name,
    key,
    value,
    path: formatPath(path),
    line: lineOfPath({ source: ctx.source, path }),
  });
  const out: ReturnType<typeof located>[] = [];
  if (Array.isArray(raw.volumes)) {
    // Each item on a scratch context, so the list index (and its line) is known for every bind.
    const scratch: NormalizeContext = { ...ctx, errors: [], warnings: [], hostReaching: undefined };
    raw.volumes.forEach((item, index) => {
      for (const mount of normalizeVolumes({ ctx: scratch, value: [item], path: [], declared: new Set() }))
        if (mount.type === "bind")
          out.push(located("volumes", ["services", name, "volumes", index], mount.source));
    });
  }
  if (build) {
    const buildPath = ["services", name, "build"];
    out.push(located("build", buildPath, build.context));
    out.push(
      located("build.dockerfile", [...buildPath, "dockerfile"], resolve(build.context, build.dockerfile)),
    );
  }
  return out;
};

/** Normalizes one service's short and long syntaxes into the typed model. */
export const normalizeService = ({
  ctx,
  name,
  value,
  declaredVolumes,
}: {
  ctx: NormalizeContext;
  name: string;
  value: unknown;
  declaredVolumes: Set<string>;
}): Service => {
  const raw = asRecord(value) ?? {};
  const path = ["services", name];
  const buildRaw = typeof raw.build === "string" ? { context: raw.build } : asRecord(raw.build);
  const build = buildRaw
    ? {
        context: resolve(ctx.dir, scalarText(buildRaw.context ?? ".")),
        dockerfile: typeof buildRaw.dockerfile === "string" ? buildRaw.dockerfile : "Dockerfile",
        args: listOrDict({ value: buildRaw.args }),
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
  if (raw.env_file !== undefined) {
    report({
      ctx,
      code: "invalid_value",
      path: [...path, "env_file"],
      message: "env_file is not read by the panel: move the variables into environment",
      warning: true,
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
  return {
    name,
    image: typeof raw.image === "string" ? raw.image : `${ctx.project}-${name}`,
    build,
    containerName: typeof raw.container_name === "string" ? raw.container_name : null,
    command: commandOf({ value: raw.command }),
    entrypoint: commandOf({ value: raw.entrypoint }),
    environment: environmentOf({ ctx, value: raw.environment }),
    ports: normalizePorts({ ctx, value: raw.ports, path: [...path, "ports"] }),
    volumes,
    networks: normalizeServiceNetworks({ name, value: raw.networks, networkMode }),
    dependsOn: dependenciesOf({ value: raw.depends_on }),
    healthcheck: normalizeHealthcheck({ ctx, value: raw.healthcheck, path: [...path, "healthcheck"] }),
    resources: normalizeResources({ ctx, service: raw, path }),
    restart: restartOf(ctx, raw, name),
    ...normalizeStop({ ctx, name, raw }),
    labels: listOrDict({ value: raw.labels }),
    phase: typeof phase === "string" ? phase : null,
    line: lineOfPath({ source: ctx.source, path }) ?? 1,
    networkMode,
    workingDir: typeof raw.working_dir === "string" ? raw.working_dir : null,
    hostAccess: host.access,
  };
};
