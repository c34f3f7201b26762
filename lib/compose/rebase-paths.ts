// Relative host paths of a service or top-level resource written in another folder (an `extends`
// base from another file, an included project) made absolute against that folder, so they keep
// pointing where their author meant once copied into this project.
import { isAbsolute, resolve } from "node:path";
import { asRecord, scalarText } from "./normalize-context";

type Mapping = Record<string, unknown>;

const rebase = (dir: string, path: string): string =>
  path === "" || isAbsolute(path) || path.startsWith("~") || /^[a-z]+:\/\//i.test(path)
    ? path
    : resolve(dir, path);

const isRelativeBind = (source: string): boolean => source.startsWith(".");

const rebaseVolume = (dir: string, item: unknown): unknown => {
  const long = asRecord(item);
  if (long)
    return long.type === "bind" && typeof long.source === "string"
      ? { ...long, source: rebase(dir, long.source) }
      : long;
  const text = scalarText(item);
  const at = text.indexOf(":");
  if (at < 0) return text;
  const source = text.slice(0, at);
  return isRelativeBind(source) ? `${rebase(dir, source)}${text.slice(at)}` : text;
};

const rebaseEnvFile = (dir: string, item: unknown): unknown => {
  const long = asRecord(item);
  return long ? { ...long, path: rebase(dir, scalarText(long.path)) } : rebase(dir, scalarText(item));
};

/** A service with its build context, bind sources, env_file and extends.file absolute. */
export const rebaseService = ({ service, dir }: { service: Mapping; dir: string }): Mapping => {
  const out: Mapping = { ...service };
  if (typeof out.build === "string") out.build = rebase(dir, out.build);
  const build = asRecord(out.build);
  if (build) out.build = { ...build, context: rebase(dir, scalarText(build.context ?? ".")) };
  if (Array.isArray(out.volumes)) out.volumes = out.volumes.map((item) => rebaseVolume(dir, item));
  if (out.env_file !== undefined)
    out.env_file = Array.isArray(out.env_file)
      ? out.env_file.map((item) => rebaseEnvFile(dir, item))
      : rebaseEnvFile(dir, out.env_file);
  const extendsRaw = asRecord(out.extends);
  if (extendsRaw && typeof extendsRaw.file === "string")
    out.extends = { ...extendsRaw, file: rebase(dir, extendsRaw.file) };
  return out;
};

/** Top-level secrets/configs with their `file:` absolute. */
export const rebaseFileResources = ({ value, dir }: { value: unknown; dir: string }): Mapping =>
  Object.fromEntries(
    Object.entries(asRecord(value) ?? {}).map(([name, raw]) => {
      const entry = asRecord(raw);
      return [
        name,
        entry && typeof entry.file === "string" ? { ...entry, file: rebase(dir, entry.file) } : raw,
      ];
    }),
  );
