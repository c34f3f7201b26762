// The panel's topologies: every sub-folder of topologies/ with a compose file, loaded with the
// cluster's variables (see cluster-env.ts: never the panel's own environment) and the publish host.
import path from "node:path";
import {
  listTopologies,
  loadTopology,
  type ComposeIssue,
  type Env,
  type LoadResult,
  type TopologyEntry,
} from "@/lib/compose";
import type { PolicyFinding } from "@/lib/compose/policy";
import { policyFindings } from "./topology-policy";
import { createRedactor } from "@/lib/secrets/redact";
import { clusterEnv } from "./cluster-env";

/** Where topology folders live: PANEL_TOPOLOGIES_DIR (tests point it at fixtures), else topologies/. */
export const TOPOLOGIES_ROOT = path.resolve(process.env.PANEL_TOPOLOGIES_DIR || "topologies");
const PLACEHOLDER = "(not set)";

export type PanelTopology = {
  entry: TopologyEntry;
  file: string;
  result: LoadResult;
  /** Required variables with no value; for display the topology was loaded with placeholders. */
  missing: { name: string; message: string }[];
  /** The merged variables the topology was loaded with (secrets included: server-side only). */
  env: Record<string, string>;
  /** The deploy policy's findings on the file (judged before display redaction; messages name secrets). */
  policy: PolicyFinding[];
};

/** Which topology: its folder name, or the entry listPanelTopologies returned (spares listing again). */
export type PanelTopologyRef = { name: string } | { entry: TopologyEntry };

export type LoadPanelTopologyOptions = PanelTopologyRef & {
  overrides?: Record<string, string>;
  forDisplay?: boolean;
  /** Profiles to enable; without them only services with no profiles are loaded (Compose's default). */
  profiles?: string[];
};

/** Topology folders under topologies/. */
export const listPanelTopologies = (): TopologyEntry[] => listTopologies({ root: TOPOLOGIES_ROOT });

const missingRequired = (errors: ComposeIssue[]): { name: string; message: string }[] =>
  errors.flatMap((e) => (e.variable === undefined ? [] : [{ name: e.variable, message: e.message }]));

/**
 * Loads a topology by folder name or listed entry. With `forDisplay`, required variables that are
 * missing are filled with a visible placeholder so the page can still show the topology, and
 * listed in `missing`; the bind-mounted files only deploy planning reads are then left unread, and
 * secret values are redacted from the result (names, labels, paths, messages).
 */
export const loadPanelTopology = (options: LoadPanelTopologyOptions): PanelTopology | null => {
  const { overrides, forDisplay = false, profiles } = options;
  const entry =
    "entry" in options ? options.entry : listPanelTopologies().find((t) => t.name === options.name);
  const file = entry?.files[0];
  if (!entry || !file) return null;
  const env = clusterEnv({ topologyDir: entry.dir, overrides });
  // env holds the folder's .env already (clusterEnv), and parseTopology defaults the publish host.
  const load = (variables: Env): LoadResult =>
    loadTopology({
      file,
      env: variables,
      publishHost: process.env.PANEL_PUBLISH_HOST,
      folderEnv: false,
      mountedReferences: !forDisplay,
      overrideFiles: entry.overrides,
      profiles,
    });
  let result = load(env);
  const missing = result.ok ? [] : missingRequired(result.errors);
  if (!result.ok && forDisplay && missing.length > 0 && missing.length === result.errors.length) {
    const filled = Object.fromEntries(missing.map((m) => [m.name, PLACEHOLDER]));
    result = load({ ...env, ...filled });
  }
  // What is displayed goes to viewers: a secret planted in a network name, a label or a path
  // must not reach the page (deploys load without forDisplay and keep the real values).
  const policy = result.ok ? policyFindings({ topology: result.topology, env }) : [];
  if (forDisplay) result = createRedactor({ env }).value(result);
  return { entry, file, result, missing, env, policy };
};
