// The panel's topologies: every sub-folder of topologies/ with a compose file, loaded with the
// cluster's variables (see cluster-env.ts: never the panel's own environment) and the publish host.
import path from "node:path";
import {
  listTopologies,
  loadTopology,
  topologyEntry,
  type ComposeIssue,
  type Env,
  type LoadResult,
  type TopologyEntry,
} from "@/lib/compose";
import type { PolicyFinding } from "@/lib/compose/policy";
import type { ApprovedFile, ReadVariable } from "@/lib/compose/topology-files";
import { policyFindings } from "./topology-policy";
import { createRedactor } from "@/lib/secrets/redact";
import { clusterEnv } from "./cluster-env";
import { AppError } from "@/lib/errors";

/** Where topology folders live: PANEL_TOPOLOGIES_DIR (tests point it at fixtures), else topologies/. */
export const TOPOLOGIES_ROOT = path.resolve(process.env.PANEL_TOPOLOGIES_DIR || "topologies");
/** The value a missing required variable is shown with (display and the policy check of a new file). */
export const MISSING_PLACEHOLDER = "(not set)";

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
  /** Every value of every env file the load read (.env, env_file, include env_file): all redacted for display. */
  readVariables: ReadVariable[];
};

/** Which topology: its folder name, or the entry listPanelTopologies returned (spares listing again). */
export type PanelTopologyRef = { name: string } | { entry: TopologyEntry };

export type LoadPanelTopologyOptions = PanelTopologyRef & {
  overrides?: Record<string, string>;
  forDisplay?: boolean;
  /** Profiles to enable; without them the folder's COMPOSE_PROFILES, else only services with no profiles (Compose's default). */
  profiles?: string[];
  /** Files outside the folder an admin approved (lib/operations reads them from the approvals). */
  approvedFiles?: readonly ApprovedFile[];
  /** Compose files of the folder to read, in order, instead of the ones Compose would choose. */
  files?: string[];
  /**
   * A compose file's text read as a file of the folder instead of its own files (a past run's
   * effective file, "deploy this again"): judged and loaded like them, its overrides not merged.
   */
  text?: string;
};

/** The name a given `text` is read under in the topology's folder (never written there). */
export const REDEPLOY_FILE_NAME = "compose.ollamamax-redeploy.yaml";

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
export const loadPanelTopology = async (options: LoadPanelTopologyOptions): Promise<PanelTopology | null> => {
  const { overrides, forDisplay = false, profiles, approvedFiles, files, text } = options;
  const listed =
    "entry" in options ? options.entry : listPanelTopologies().find((t) => t.name === options.name);
  // Files a person picked: chosen again among the folder's own compose files (never a path outside).
  const entry =
    listed && files && files.length > 0
      ? topologyEntry({ name: listed.name, dir: listed.dir, requested: files })
      : listed;
  if (entry?.problem)
    throw new AppError("bad_request", entry.problem.message, { field: entry.problem.field });
  const file = text === undefined ? entry?.files[0] : entry && path.join(entry.dir, REDEPLOY_FILE_NAME);
  if (!entry || !file) return null;
  const readVariables: ReadVariable[] = [];
  const env = await clusterEnv({ topologyDir: entry.dir, overrides, readVariables });
  // env holds the folder's .env already (clusterEnv), and parseTopology defaults the publish host.
  const load = async (variables: Env): Promise<LoadResult> => {
    const { readVariables: read, ...loaded } = await loadTopology({
      file,
      text,
      env: variables,
      publishHost: process.env.PANEL_PUBLISH_HOST,
      folderEnv: false,
      mountedReferences: !forDisplay,
      overrideFiles: text === undefined ? entry.overrides : [],
      profiles,
      approvedFiles,
    });
    readVariables.push(...read);
    return loaded;
  };
  let result = await load(env);
  const missing = result.ok ? [] : missingRequired(result.errors);
  if (!result.ok && forDisplay && missing.length > 0 && missing.length === result.errors.length) {
    const filled = Object.fromEntries(missing.map((m) => [m.name, MISSING_PLACEHOLDER]));
    result = await load({ ...env, ...filled });
  }
  // What is displayed goes to viewers: a secret planted in a network name, a label or a path
  // must not reach the page (deploys load without forDisplay and keep the real values). Every
  // value an env file held is redacted too, whatever its variable is called.
  const policy = result.ok ? policyFindings({ topology: result.topology, env }) : [];
  const values = readVariables.map((v) => v.value);
  if (forDisplay) result = createRedactor({ env, values }).value(result);
  return { entry, file, result, missing, env, policy, readVariables };
};
