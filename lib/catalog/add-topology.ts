// Users add their own compose files: validated by the same engine before anything is written,
// stored as topologies/<name>/docker-compose.yml, never over an existing topology.
import fs from "node:fs";
import path from "node:path";
import { parseTopology, type ComposeIssue } from "@/lib/compose";
import type { PolicyFinding } from "@/lib/compose/policy";
import { AppError } from "@/lib/errors";
import { assertAddAllowed, policyFindings } from "./topology-policy";
import { clusterEnv } from "./cluster-env";
import { TOPOLOGIES_ROOT } from "./topologies";

export const TOPOLOGY_NAME = /^[a-z0-9][a-z0-9-]{1,40}$/;

/**
 * Validates and stores a compose file as a new topology; returns its folder name and the policy
 * findings an admin added it with (it deploys only once they are approved). `admin` says who adds:
 * operators cannot add a file the deploy policy refuses.
 */
export const addTopology = ({
  name,
  text,
  admin = false,
}: {
  name: string;
  text: string;
  admin?: boolean;
}): { name: string; warnings: ComposeIssue[]; policy: PolicyFinding[] } => {
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
  const env = clusterEnv({ topologyDir: dir });
  const result = parseTopology({ text, file, env, publishHost: process.env.PANEL_PUBLISH_HOST });
  const problems = result.ok ? [] : result.errors.filter((e) => e.variable === undefined);
  if (problems.length > 0) {
    const lines = problems.map((p) => `line ${p.line ?? "?"}: ${p.message}`);
    throw new AppError(
      "bad_request",
      `The compose file has ${problems.length} problem(s): ${lines.join("; ")}`,
      { problems },
    );
  }
  // Only a file with required variables missing lands here unparsed: judged at deploy, once they are set.
  const policy = result.ok ? policyFindings({ topology: result.topology, env }) : [];
  assertAddAllowed({ findings: policy, admin });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, text);
  return { name, warnings: result.ok ? result.warnings : [], policy };
};
