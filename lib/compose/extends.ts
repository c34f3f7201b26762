// `extends` (05-services.md#extends): a service built on another one, from the same file or another
// file, merged by the spec's rules (lib/compose/merge.ts); chains resolved until no extends remain,
// cycles refused. A base from another folder keeps its relative paths pointing into its own folder.
import { dirname, resolve } from "node:path";
import type { ComposeFile } from "./compose-file";
import { mergeDocuments } from "./merge";
import { asRecord } from "./normalize-context";
import { rebaseService } from "./rebase-paths";
import { refusedFileText } from "./topology-files";
import type { ComposeIssue } from "./types";
import { formatPath, lineOfPath } from "./yaml-source";
import type { PathSegment } from "./yaml-source";

type Mapping = Record<string, unknown>;

/** Reads another compose file (cached by the caller); null with errors when it cannot be read. */
export type ReadFile = (
  file: string,
) => { ok: true; value: ComposeFile } | { ok: false; errors: ComposeIssue[]; refused?: boolean };

export type ResolveExtendsOptions = { file: ComposeFile; readFile: ReadFile };

/** The file's services with every `extends` resolved, or the located problems. */
export const resolveExtends = ({
  file,
  readFile,
}: ResolveExtendsOptions): { services: Mapping; errors: ComposeIssue[] } => {
  const errors: ComposeIssue[] = [];
  const at = (where: ComposeFile, service: string, message: string): ComposeIssue => {
    const path = ["services", service, "extends"];
    return {
      code: "invalid_value",
      message: `${formatPath(path)}: ${message}`,
      file: where.file,
      line: lineOfPath({ source: where.source, path }),
      path: formatPath(path),
    };
  };

  const resolveIn = (where: ComposeFile, name: string, chain: string[]): Mapping | null => {
    const services = asRecord(where.document.services) ?? {};
    const service = asRecord(services[name]) ?? {};
    const raw = service.extends;
    if (raw === undefined) return service;
    const link = `${name} (${where.file})`;
    const spec = typeof raw === "string" ? { service: raw } : (asRecord(raw) ?? {});
    const baseName = String(spec.service ?? "");
    const baseFile = typeof spec.file === "string" ? resolve(dirname(where.file), spec.file) : where.file;
    const key = `${baseName} (${baseFile})`;
    if (chain.includes(key) || key === link) {
      errors.push(
        at(
          where,
          name,
          `extends cycle ${[...chain, link, key].map((k) => k.split(" (")[0]).join(" → ")}: remove one of these extends`,
        ),
      );
      return null;
    }
    let holder = where;
    if (baseFile !== where.file) {
      const read = readFile(baseFile);
      if (!read.ok) {
        // A file the reader refused gets its one message (never whether it exists outside).
        errors.push(
          read.refused
            ? at(where, name, refusedFileText({ written: String(spec.file) }))
            : at(
                where,
                name,
                `extends file ${baseFile} cannot be read (${read.errors[0]?.message ?? "unknown error"})`,
              ),
        );
        return null;
      }
      holder = read.value;
    }
    if (!asRecord(asRecord(holder.document.services)?.[baseName])) {
      const known = Object.keys(asRecord(holder.document.services) ?? {}).join(", ");
      errors.push(
        at(where, name, `extends service "${baseName}", which is not in ${holder.file} (services: ${known})`),
      );
      return null;
    }
    const resolvedBase = resolveIn(holder, baseName, [...chain, link]);
    if (!resolvedBase) return null;
    const base =
      holder === where ? resolvedBase : rebaseService({ service: resolvedBase, dir: dirname(holder.file) });
    const local = { ...service };
    delete local.extends;
    // `!reset` / `!override` on the extending service apply to what the base gave, as in an override file.
    const own = (paths: PathSegment[][]) => paths.filter((p) => p[0] === "services" && p[1] === name);
    const merged = mergeDocuments({
      base: { services: { [name]: base } },
      over: { services: { [name]: local } },
      tags: { reset: own(where.tags.reset), override: own(where.tags.override) },
    });
    return asRecord(asRecord(merged.services)?.[name]) ?? local;
  };

  const services: Mapping = {};
  for (const name of Object.keys(asRecord(file.document.services) ?? {})) {
    const resolved = resolveIn(file, name, []);
    if (resolved) services[name] = resolved;
  }
  return { services, errors };
};
