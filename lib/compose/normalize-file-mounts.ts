// Top-level `secrets` / `configs` and a service's grants to them (05-services.md#secrets, #configs),
// mounted as Docker Compose mounts them on one engine: a `file:` source is a read-only bind mount of
// the host file; an `environment:` (or a config's `content:`) source is written by the deployer to a
// panel-managed file and bind-mounted read-only. Secrets land in /run/secrets/<name>, configs in /<name>.
import { isAbsolute, resolve } from "node:path";
import { sourceOf, asRecord, report, scalarText } from "./normalize-context";
import type { NormalizeContext } from "./normalize-context";
import type { GeneratedFile, HostReachingOption, VolumeMount } from "./types";
import { emptyTopologyFiles, lookupFile, refusedFileText } from "./topology-files";
import { formatPath, lineOfPath } from "./yaml-source";

type Kind = "secret" | "config";
type Definition = { type: "file"; path: string } | GeneratedFile["source"];

/** The project's secrets or configs by name, with their source; problems reported on `ctx`. */
export const fileResourceDefinitions = ({
  ctx,
  kind,
  value,
}: {
  ctx: NormalizeContext;
  kind: Kind;
  value: unknown;
}): Map<string, Definition> => {
  const section = `${kind}s`;
  const out = new Map<string, Definition>();
  for (const [name, raw] of Object.entries(asRecord(value) ?? {})) {
    const entry = asRecord(raw) ?? {};
    const path = [section, name];
    if (entry.external !== undefined && entry.external !== false && entry.external !== "false") {
      report({
        ctx,
        code: "invalid_value",
        path,
        message: `external ${kind}s live in a Swarm or a secret store the panel does not reach (it deploys to one engine): use "file:" or "environment:"`,
      });
    } else if (typeof entry.file === "string") {
      const file = resolve(ctx.dir, entry.file);
      // Through the confined reader: a regular file inside the folder, or an approved one.
      const read = lookupFile({ files: ctx.files ?? emptyTopologyFiles(), path: file });
      if (read !== null && !read.ok)
        report({
          ctx,
          code: "file_not_found",
          path: [...path, "file"],
          message:
            read.reason === "missing"
              ? `${kind} file ${file} does not exist: create it or fix the path`
              : refusedFileText({ written: entry.file }),
        });
      out.set(name, { type: "file", path: file });
    } else if (typeof entry.environment === "string") {
      if (ctx.env[entry.environment] === undefined)
        report({
          ctx,
          code: "interpolation",
          path: [...path, "environment"],
          message: `variable ${entry.environment} is not set: the deploy will refuse until it is (add it to data/cluster.env or the .env beside the compose file)`,
          warning: true,
        });
      out.set(name, { type: "environment", variable: entry.environment });
    } else if (kind === "config" && entry.content !== undefined) {
      out.set(name, { type: "content", text: scalarText(entry.content) });
    } else
      report({
        ctx,
        code: "invalid_value",
        path,
        message: `${kind} "${name}" has no source: give it "file:" or "environment:"`,
      });
  }
  return out;
};

/**
 * A file mode, octal as the spec writes it. YAML 1.2 reads `0440` as the number 440, while Compose
 * (go-yaml) reads it as octal: digits that are all octal are taken as octal, as Compose would.
 */
const modeOf = (value: unknown): number => {
  if (typeof value === "number")
    return /^[0-7]{1,4}$/.test(String(value)) ? parseInt(String(value), 8) : value;
  const text = scalarText(value).replace(/^0o/, "");
  return /^[0-7]+$/.test(text) ? parseInt(text, 8) : 0o444;
};

/** A service's `secrets:` or `configs:` grants as mounts; undeclared names are errors. */
export const normalizeFileMounts = ({
  ctx,
  service,
  kind,
  value,
  definitions,
}: {
  ctx: NormalizeContext;
  service: string;
  kind: Kind;
  value: unknown;
  definitions: Map<string, Definition>;
}): { volumes: VolumeMount[]; generated: GeneratedFile[]; reaching: HostReachingOption[] } => {
  const key = `${kind}s`;
  const out = {
    volumes: [] as VolumeMount[],
    generated: [] as GeneratedFile[],
    reaching: [] as HostReachingOption[],
  };
  if (!Array.isArray(value)) return out;
  value.forEach((item, index) => {
    const long = asRecord(item);
    const name = scalarText(long ? long.source : item);
    const path = ["services", service, key, index];
    const definition = definitions.get(name);
    if (!definition) {
      report({
        ctx,
        code: "invalid_value",
        path,
        message: `${kind} "${name}" is not declared: add it under the top-level "${key}:" key (declared: ${[...definitions.keys()].join(", ") || "none"})`,
      });
      return;
    }
    const written = long?.target === undefined ? name : scalarText(long.target);
    const target = isAbsolute(written)
      ? written
      : kind === "secret"
        ? `/run/secrets/${written}`
        : `/${written}`;
    if (definition.type === "file") {
      out.volumes.push({ type: "bind", source: definition.path, target, readOnly: true });
      out.reaching.push({
        service,
        key,
        value: definition.path,
        path: formatPath(path),
        line: lineOfPath({ source: sourceOf({ ctx, path }), path }),
      });
    } else out.generated.push({ kind, name, target, source: definition, mode: modeOf(long?.mode) });
  });
  return out;
};
