// Mount flags as Compose reads them: the short syntax's ":ro,z,rshared,nocopy" and the long
// syntax's bind / volume / tmpfs blocks. A flag the panel cannot pass on is a problem naming it.
import { asRecord, isTruthy, scalarText } from "./normalize-context";
import type { MountOptions } from "./types";
import { parseMemoryBytes } from "./units";

const PROPAGATION = new Set(["shared", "rshared", "slave", "rslave", "private", "rprivate"]);
/** macOS file-sharing hints: the Linux engine accepts and ignores them, as does Compose. */
const CONSISTENCY = new Set(["consistent", "cached", "delegated"]);

/** The short syntax's mode list; `problem` names the first flag that is not a mount flag. */
export const shortMode = (
  mode: string,
): { readOnly: boolean; options: MountOptions; problem: string | null } => {
  const options: MountOptions = {};
  let readOnly = false;
  for (const flag of mode.split(",").filter((part) => part !== "")) {
    if (flag === "ro" || flag === "rw") readOnly = flag === "ro";
    else if (flag === "z" || flag === "Z") options.selinux = flag;
    else if (flag === "nocopy") options.noCopy = true;
    else if (PROPAGATION.has(flag)) options.propagation = flag;
    else if (!CONSISTENCY.has(flag))
      return {
        readOnly,
        options,
        problem: `unknown mount flag "${flag}": use ro, rw, z, Z, nocopy or a propagation (rshared, rslave, …)`,
      };
  }
  return { readOnly, options, problem: null };
};

/** The long syntax's per-type blocks; `problems` lists what cannot be applied, each with its key. */
export const longOptions = (
  long: Record<string, unknown>,
): { options: MountOptions; problems: { key: string; message: string }[] } => {
  const options: MountOptions = {};
  const problems: { key: string; message: string }[] = [];
  const bind = asRecord(long.bind) ?? {};
  const volume = asRecord(long.volume) ?? {};
  const tmpfs = asRecord(long.tmpfs) ?? {};
  if (typeof bind.propagation === "string") {
    if (PROPAGATION.has(bind.propagation)) options.propagation = bind.propagation;
    else problems.push({ key: "bind.propagation", message: `unknown propagation "${bind.propagation}"` });
  }
  if (bind.selinux === "z" || bind.selinux === "Z") options.selinux = bind.selinux;
  if (bind.create_host_path !== undefined) options.createHostPath = isTruthy(bind.create_host_path);
  if (bind.recursive !== undefined && bind.recursive !== "enabled")
    problems.push({
      key: "bind.recursive",
      message: "non-recursive bind mounts need Engine API 1.44 (the panel speaks 1.41)",
    });
  if (volume.nocopy !== undefined) options.noCopy = isTruthy(volume.nocopy);
  if (volume.subpath !== undefined)
    problems.push({
      key: "volume.subpath",
      message: "volume subpaths need Engine API 1.45 (the panel speaks 1.41)",
    });
  if (volume.labels !== undefined)
    problems.push({ key: "volume.labels", message: "put the labels on the top-level volume instead" });
  if (tmpfs.size !== undefined) {
    const size = parseMemoryBytes({
      value: typeof tmpfs.size === "number" ? tmpfs.size : scalarText(tmpfs.size),
    });
    if (size === null)
      problems.push({ key: "tmpfs.size", message: `invalid size "${scalarText(tmpfs.size)}"` });
    else options.tmpfsSizeBytes = size;
  }
  if (tmpfs.mode !== undefined) {
    // Compose takes the number as written (yaml: 1777 is decimal); the Engine's option is octal.
    const mode = typeof tmpfs.mode === "number" ? tmpfs.mode : Number(scalarText(tmpfs.mode));
    if (Number.isInteger(mode)) options.tmpfsMode = mode;
    else problems.push({ key: "tmpfs.mode", message: `invalid mode "${scalarText(tmpfs.mode)}"` });
  }
  return { options, problems };
};
