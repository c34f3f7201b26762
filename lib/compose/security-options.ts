// `security_opt` as docker compose sends it: as written, except a seccomp profile given as a file,
// read and inlined as compact JSON (the Engine takes the profile's text, not a path), and
// "systempaths=unconfined", which is no option but empty MaskedPaths/ReadonlyPaths. The profile
// must lie in the topology's folder: the panel reads it on the host.
import { resolve } from "node:path";
import { report } from "./normalize-context";
import type { NormalizeContext } from "./normalize-context";
import { emptyTopologyFiles, lookupFile, refusedFileText, unreadFileText } from "./topology-files";
import type { PathSegment } from "./yaml-source";

const BUILTIN_SECCOMP = new Set(["unconfined", "builtin"]);

/** "systempaths=unconfined": /proc and /sys paths the Engine masks are left open. */
export const UNMASK_SYSTEM_PATHS = "systempaths=unconfined";

/** The Engine form of one security option; a bad profile reports at `path` and is kept as written. */
export const engineSecurityOption = ({
  ctx,
  option,
  path,
}: {
  ctx: NormalizeContext;
  option: string;
  path: PathSegment[];
}): string => {
  const match = /^([a-z-]+)[:=](.*)$/.exec(option);
  if (!match) return option;
  const [, key = "", value = ""] = match;
  if (key !== "seccomp" || BUILTIN_SECCOMP.has(value)) return option;
  const read = lookupFile({ files: ctx.files ?? emptyTopologyFiles(), path: resolve(ctx.dir, value) });
  const fail = (message: string) => {
    report({ ctx, code: "invalid_value", path, message });
    return option;
  };
  // Read through the confined reader: a regular file of the topology's folder (or an approved one).
  if (read === null) return fail(unreadFileText({ written: value }));
  if (!read.ok) return fail(`seccomp profile ${refusedFileText({ written: value })}`);
  try {
    return `seccomp=${JSON.stringify(JSON.parse(read.text))}`;
  } catch (error) {
    return fail(`the seccomp profile ${value} is not JSON: ${(error as Error).message}`);
  }
};
