// The deploy policy applied: judged on the file (lib/compose/policy.ts) when it is added in the UI
// and before every deploy and scale, with the admin-approved exceptions of that exact version of
// the file. Messages never carry a secret's value (its variable is named instead).
import path from "node:path";
import { clusterSecretsFile } from "@/lib/catalog/cluster-env";
import { evaluatePolicy, type PanelPaths, type PolicyFinding } from "@/lib/compose/policy";
import type { Topology } from "@/lib/compose/types";
import { recordAudit } from "@/lib/db/audit";
import { approvedFindingIds, createPolicyApproval, type PolicyApproval } from "@/lib/db/policy-approvals";
import { AppError } from "@/lib/errors";
import { createSecretNamer } from "@/lib/secrets/redact";
import type { Actor } from "@/lib/auth/principal";

const DEFAULT_SOCKETS = ["/var/run/docker.sock", "/run/docker.sock", "/run/containerd/containerd.sock"];

/** The panel's own files and the Docker engine's sockets on this host. */
export const panelPaths = (): PanelPaths => {
  const url = process.env.DATABASE_URL ?? "";
  const database = url.startsWith("file:") ? [path.resolve(url.slice("file:".length))] : [];
  const dockerHost = process.env.DOCKER_HOST ?? "";
  const socket = dockerHost.startsWith("unix://") ? [dockerHost.slice("unix://".length)] : [];
  return {
    root: path.resolve("."),
    others: [path.resolve("data"), clusterSecretsFile(), ...database],
    dockerSockets: [...DEFAULT_SOCKETS, ...socket],
  };
};

/** The policy's findings on a loaded topology, secret values replaced by their variables' names. */
export const policyFindings = ({
  topology,
  env,
}: {
  topology: Pick<Topology, "dir" | "hostReaching">;
  env: Record<string, string>;
}): PolicyFinding[] => {
  const name = createSecretNamer({ env });
  return evaluatePolicy({ topology, panel: panelPaths() }).map((finding) => ({
    ...finding,
    message: name(finding.message),
  }));
};

/** One line per finding, as errors show them: where, what, which rule, how to fix it. */
export const describeFindings = (findings: PolicyFinding[]): string =>
  findings.map((f) => `line ${f.line ?? "?"}: ${f.message} (rule ${f.rule}; fix: ${f.fix})`).join("; ");

/** Throws when findings remain; `intro` says what was refused. */
const refuse = (intro: string, findings: PolicyFinding[]): never => {
  throw new AppError("bad_request", `${intro}: ${describeFindings(findings)}`, { policy: findings });
};

/**
 * For a file added in the UI: refuses every finding for operators; an admin may add a file whose
 * findings an admin can approve (it still deploys only once approved), never one with a finding
 * that no approval lifts.
 */
export const assertAddAllowed = ({
  findings,
  admin,
}: {
  findings: PolicyFinding[];
  admin: boolean;
}): void => {
  const refused = admin ? findings.filter((f) => !f.approvable) : findings;
  if (refused.length > 0)
    refuse(
      admin
        ? "The deploy policy refuses this file"
        : "The deploy policy refuses this file (an admin may add it and approve the approvable findings)",
      refused,
    );
};

/** Before a deploy or scale: every finding must be approvable and approved for this version of the file. */
export const assertDeployAllowed = async ({
  topologyName,
  topology,
  env,
}: {
  topologyName: string;
  topology: Pick<Topology, "dir" | "hostReaching" | "contentHash">;
  env: Record<string, string>;
}): Promise<void> => {
  const findings = policyFindings({ topology, env });
  if (findings.length === 0) return;
  const approved = await approvedFindingIds({ topology: topologyName, contentHash: topology.contentHash });
  const refused = findings.filter((f) => !f.approvable || !approved.has(f.id));
  if (refused.length > 0)
    refuse(
      `The deploy policy refuses ${topologyName}${refused.some((f) => f.approvable) ? " (an admin may approve the approvable findings on the Topology page)" : ""}`,
      refused,
    );
};

/** An admin approves the topology's approvable findings for the current version of its file. */
export const approvePolicyExceptions = async ({
  principal,
  address,
  topologyName,
  topology,
  env,
}: Actor & {
  topologyName: string;
  topology: Pick<Topology, "dir" | "hostReaching" | "contentHash">;
  env: Record<string, string>;
}): Promise<PolicyApproval> => {
  const findings = policyFindings({ topology, env });
  const never = findings.filter((f) => !f.approvable);
  if (never.length > 0) refuse(`These findings of ${topologyName} cannot be approved`, never);
  if (findings.length === 0)
    throw new AppError(
      "bad_request",
      `${topologyName} passes the deploy policy: there is nothing to approve.`,
    );
  const approval = await createPolicyApproval({
    topology: topologyName,
    contentHash: topology.contentHash,
    findings,
    approvedBy: principal.username,
  });
  await recordAudit({
    actor: principal.username,
    action: "topology.policy.approve",
    target: topologyName,
    address,
    detail: {
      contentHash: topology.contentHash,
      findings: findings.map((f) => ({ rule: f.rule, service: f.service, path: f.path, line: f.line })),
    },
  });
  return approval;
};
