// Users add their own compose files: validated by the same engine before anything is written,
// stored as topologies/<name>/docker-compose.yml, never over an existing topology.
import fs from "node:fs";
import path from "node:path";
import { loadTopology, type ComposeIssue, type LoadResult } from "@/lib/compose";
import type { PolicyFinding } from "@/lib/compose/policy";
import { AppError } from "@/lib/errors";
import { assertAddAllowed, policyFindings } from "./topology-policy";
import { clusterEnv } from "./cluster-env";
import { listPanelTopologies, loadPanelTopology, MISSING_PLACEHOLDER, TOPOLOGIES_ROOT } from "./topologies";

export const TOPOLOGY_NAME = /^[a-z0-9][a-z0-9-]{1,40}$/;

/** The Compose project names the panel's topologies use: each folder's name and its declared `name:`. */
const takenProjects = async (): Promise<Map<string, string>> => {
  const taken = new Map<string, string>();
  for (const entry of listPanelTopologies()) {
    taken.set(entry.name, entry.name);
    const loaded = await loadPanelTopology({ entry, forDisplay: true });
    if (loaded?.result.ok) taken.set(loaded.result.topology.project, entry.name);
  }
  return taken;
};

/**
 * Validates and stores a compose file as a new topology; returns its folder name and the policy
 * findings an admin added it with (it deploys only once they are approved). `admin` says who adds:
 * operators cannot add a file the deploy policy refuses. Every file it names is read through the
 * confined reader (lib/compose/confined-file.ts); a file with required variables missing is still
 * judged by the policy, loaded with placeholders as the Topology page shows it.
 */
export const addTopology = async ({
  name,
  text,
  admin = false,
}: {
  name: string;
  text: string;
  admin?: boolean;
}): Promise<{ name: string; warnings: ComposeIssue[]; policy: PolicyFinding[] }> => {
  if (!TOPOLOGY_NAME.test(name))
    throw new AppError(
      "bad_request",
      "Name it with 2-41 lowercase letters, digits or dashes (e.g. my-cluster).",
    );
  const dir = path.join(TOPOLOGIES_ROOT, name);
  if (fs.existsSync(dir))
    throw new AppError("conflict", `A topology named "${name}" exists already: pick another name.`);
  const file = path.join(dir, "docker-compose.yml");
  // Missing secrets are fine at this point (they are checked at deploy); structure is not.
  const env = await clusterEnv({ topologyDir: dir });
  const load = (variables: Record<string, string>) =>
    loadTopology({
      file,
      text,
      env: variables,
      publishHost: process.env.PANEL_PUBLISH_HOST,
      folderEnv: false,
      mountedReferences: false,
    });
  let result: LoadResult = await load(env);
  const problems = result.ok ? [] : result.errors.filter((e) => e.variable === undefined);
  if (problems.length > 0) {
    const lines = problems.map((p) => `line ${p.line ?? "?"}: ${p.message}`);
    throw new AppError(
      "bad_request",
      `The compose file has ${problems.length} problem(s): ${lines.join("; ")}`,
      { problems },
    );
  }
  // Required variables missing: judged as the page shows it (placeholders), and again at deploy.
  if (!result.ok) {
    const filled = Object.fromEntries(
      result.errors.flatMap((e) => (e.variable === undefined ? [] : [[e.variable, MISSING_PLACEHOLDER]])),
    );
    const placeholder = await load({ ...env, ...filled });
    if (!placeholder.ok) {
      const lines = placeholder.errors.map((p) => `line ${p.line ?? "?"}: ${p.message}`);
      throw new AppError(
        "bad_request",
        `The compose file has ${placeholder.errors.length} problem(s): ${lines.join("; ")}`,
        { problems: placeholder.errors },
      );
    }
    result = placeholder;
  }
  const { project, declaredName } = result.topology;
  const owner = (await takenProjects()).get(project);
  if (owner !== undefined)
    throw new AppError(
      "bad_request",
      `name: "${declaredName ?? project}" (project "${project}") is the project of topology "${owner}": a topology may not take another topology's project name (its containers, volumes and networks). Remove "name:" or pick another.`,
    );
  const policy = policyFindings({ topology: result.topology, env });
  assertAddAllowed({ findings: policy, admin });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, text);
  return { name, warnings: result.warnings, policy };
};
