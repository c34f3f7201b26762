import { homedir } from "node:os";
import { isAbsolute, resolve } from "node:path";
import { asRecord, isTruthy, report, scalarText } from "./normalize-context";
import type { NormalizeContext } from "./normalize-context";
import { longOptions, shortMode } from "./mount-options";
import type { VolumeMount } from "./types";
import type { PathSegment } from "./yaml-source";

const isPathLike = (source: string): boolean =>
  source.startsWith(".") || source.startsWith("/") || source.startsWith("~") || isAbsolute(source);

/** Bind sources relative to the compose file's folder become absolute; `~` is the home folder. */
const resolveBindSource = (ctx: NormalizeContext, source: string): string => {
  if (source === "~" || source.startsWith("~/")) return resolve(ctx.env.HOME ?? homedir(), source.slice(2));
  return resolve(ctx.dir, source);
};

/** Normalizes `volumes` (short "SRC:TARGET[:MODE]" or long form); named volumes must be declared. */
export const normalizeVolumes = ({
  ctx,
  value,
  path,
  declared,
}: {
  ctx: NormalizeContext;
  value: unknown;
  path: PathSegment[];
  declared: Set<string>;
}): VolumeMount[] => {
  if (!Array.isArray(value)) return [];
  const mounts: VolumeMount[] = [];
  value.forEach((item, index) => {
    const itemPath = [...path, index];
    const checkNamed = (name: string) => {
      if (!declared.has(name)) {
        report({
          ctx,
          code: "invalid_value",
          path: itemPath,
          message: `named volume "${name}" is not declared: add it under the top-level "volumes:" key`,
        });
      }
    };
    const long = asRecord(item);
    if (long) {
      const type = scalarText(long.type);
      const target = scalarText(long.target);
      const readOnly = isTruthy(long.read_only);
      const source = long.source === undefined ? null : scalarText(long.source);
      const { options, problems } = longOptions(long);
      for (const problem of problems)
        report({
          ctx,
          code: "unsupported_key",
          path: [...itemPath, ...problem.key.split(".")],
          message: problem.message,
        });
      const withOptions = Object.keys(options).length > 0 ? { options } : {};
      if (type === "bind" && source)
        mounts.push({
          type: "bind",
          source: resolveBindSource(ctx, source),
          target,
          readOnly,
          ...withOptions,
        });
      else if (type === "volume") {
        if (source) checkNamed(source);
        mounts.push({ type: "volume", source, target, readOnly, ...withOptions });
      } else if (type === "tmpfs")
        mounts.push({ type: "tmpfs", source: null, target, readOnly, ...withOptions });
      else
        report({
          ctx,
          code: "unsupported_key",
          path: itemPath,
          message: `volume type "${type}" is not supported by the panel (use bind, volume or tmpfs)`,
        });
      return;
    }
    const parts = scalarText(item).split(":");
    if (parts.length === 1) {
      mounts.push({ type: "volume", source: null, target: parts[0] ?? "", readOnly: false });
      return;
    }
    const [source = "", target = "", mode = ""] = parts;
    if (parts.length > 3 || target === "") {
      report({
        ctx,
        code: "invalid_value",
        path: itemPath,
        message: `invalid volume "${scalarText(item)}": use "SOURCE:TARGET[:MODE]"`,
      });
      return;
    }
    const { readOnly, options, problem } = shortMode(mode);
    if (problem) report({ ctx, code: "invalid_value", path: itemPath, message: problem });
    const withOptions = Object.keys(options).length > 0 ? { options } : {};
    if (isPathLike(source))
      mounts.push({ type: "bind", source: resolveBindSource(ctx, source), target, readOnly, ...withOptions });
    else {
      checkNamed(source);
      mounts.push({ type: "volume", source, target, readOnly, ...withOptions });
    }
  });
  return mounts;
};
