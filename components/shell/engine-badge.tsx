import type { EngineStatus } from "@/lib/docker/engine";

/** Docker engine reachability at a glance, with the version when it answers. */
export const EngineBadge = ({ engine }: { engine: EngineStatus }) =>
  engine.reachable ? (
    <span
      data-testid="engine-badge"
      data-reachable="true"
      className="rounded-full bg-emerald-100 px-2.5 py-0.5 text-xs font-medium text-emerald-800 dark:bg-emerald-900/40 dark:text-emerald-300"
    >
      Docker {engine.version} · API {engine.apiVersion}
    </span>
  ) : (
    <span
      data-testid="engine-badge"
      data-reachable="false"
      className="rounded-full bg-red-100 px-2.5 py-0.5 text-xs font-medium text-red-800 dark:bg-red-900/40 dark:text-red-300"
    >
      Docker unreachable
    </span>
  );
