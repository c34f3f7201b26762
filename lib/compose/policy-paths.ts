// Host paths as the kernel sees them: symlinks and `..` resolved, also for paths that do not exist
// yet (their longest existing ancestor is resolved, the rest appended), so a bind mount cannot
// escape its folder through a link.
import { realpathSync } from "node:fs";
import { basename, dirname, join, resolve, sep } from "node:path";

/** The real path of `path`, resolving symlinks of its longest existing ancestor. */
export const realPath = (path: string): string => {
  let current = resolve(path);
  const rest: string[] = [];
  for (;;) {
    try {
      return join(realpathSync(current), ...rest.reverse());
    } catch {
      const parent = dirname(current);
      if (parent === current) return resolve(path);
      rest.push(basename(current));
      current = parent;
    }
  }
};

/** Whether `path` is `dir` or lies under it (both already real paths). */
export const isInside = ({ dir, path }: { dir: string; path: string }): boolean =>
  path === dir || path.startsWith(dir.endsWith(sep) ? dir : `${dir}${sep}`);
