// The panel's topologies: every sub-folder of topologies/ with a compose file, loaded with the
// panel's environment (see cluster-env.ts) and the publish host.
import path from "node:path";
import {
  listTopologies,
  loadTopology,
  type ComposeIssue,
  type LoadResult,
  type TopologyEntry,
} from "@/lib/compose";
import { clusterEnv, type EnvSource } from "./cluster-env";

export const TOPOLOGIES_ROOT = path.resolve("topologies");
const PLACEHOLDER = "(not set)";

export type PanelTopology = {
  entry: TopologyEntry;
  file: string;
  result: LoadResult;
  /** Required variables with no value; for display the topology was loaded with placeholders. */
  missing: { name: string; message: string }[];
  sourceOf: Record<string, EnvSource>;
  /** The merged variables the topology was loaded with (secrets included: server-side only). */
  env: Record<string, string>;
};

/** Topology folders under topologies/. */
export const listPanelTopologies = (): TopologyEntry[] => listTopologies({ root: TOPOLOGIES_ROOT });

const missingRequired = (errors: ComposeIssue[]): { name: string; message: string }[] =>
  errors.flatMap((e) => {
    const match =
      e.code === "interpolation" ? e.message.match(/^required variable ([A-Za-z_]\w*) is missing/) : null;
    return match?.[1] ? [{ name: match[1], message: e.message }] : [];
  });

/**
 * Loads a topology by folder name. With `forDisplay`, required variables that are missing are
 * filled with a visible placeholder so the page can still show the topology, and listed in `missing`.
 */
export const loadPanelTopology = ({
  name,
  overrides,
  forDisplay = false,
}: {
  name: string;
  overrides?: Record<string, string>;
  forDisplay?: boolean;
}): PanelTopology | null => {
  const entry = listPanelTopologies().find((t) => t.name === name);
  const file = entry?.files[0];
  if (!entry || !file) return null;
  const { env, sourceOf } = clusterEnv({ topologyDir: entry.dir, overrides });
  const publishHost = process.env.PANEL_PUBLISH_HOST ?? "127.0.0.1";
  let result = loadTopology({ file, env, publishHost });
  const missing = result.ok ? [] : missingRequired(result.errors);
  if (!result.ok && forDisplay && missing.length > 0 && missing.length === result.errors.length) {
    const filled = Object.fromEntries(missing.map((m) => [m.name, PLACEHOLDER]));
    result = loadTopology({ file, env: { ...env, ...filled }, publishHost });
  }
  return { entry, file, result, missing, sourceOf, env };
};
