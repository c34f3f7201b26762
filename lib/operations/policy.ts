// The deploy policy applied: judged on the file (lib/compose/policy.ts) when it is added in the UI
// and before every deploy and scale, with the admin-approved exceptions of that exact version of
// the file. Messages never carry a secret's value (its variable is named instead).
import { policyFindings, refusePolicy } from "@/lib/catalog/topology-policy";
import { loadPanelTopology } from "@/lib/catalog/topologies";
import type { PolicyFinding } from "@/lib/compose/policy";
import type { Topology } from "@/lib/compose/types";
import { recordAudit } from "@/lib/db/audit";
import {
  approvedFindingIds,
  createPolicyApproval,
  listPolicyApprovals,
  type PolicyApproval,
} from "@/lib/db/policy-approvals";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/principal";

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
    refusePolicy(
      `The deploy policy refuses ${topologyName}${refused.some((f) => f.approvable) ? " (an admin may approve the approvable findings on the Topology page)" : ""}`,
      refused,
    );
};

/**
 * An admin approves the topology's approvable findings for the current version of its file, as
 * a deploy loads it (its variables set); refused when any finding can never be approved.
 */
export const approvePolicyExceptions = async ({
  principal,
  address,
  topologyName,
}: Actor & { topologyName: string }): Promise<PolicyApproval> => {
  const loaded = loadPanelTopology({ name: topologyName });
  if (!loaded) throw new AppError("not_found", `No topology "${topologyName}" under topologies/.`);
  if (!loaded.result.ok)
    throw new AppError(
      "bad_request",
      `${topologyName} cannot be loaded, so its findings cannot be judged: ${loaded.result.errors.map((e) => `line ${e.line ?? "?"}: ${e.message}`).join("; ")}`,
    );
  const { topology } = loaded.result;
  const findings = loaded.policy;
  const never = findings.filter((f) => !f.approvable);
  if (never.length > 0) refusePolicy(`These findings of ${topologyName} cannot be approved`, never);
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

/** What the Topology page shows: the findings, and every approval with whether it still applies. */
export type TopologyPolicyView = {
  findings: PolicyFinding[];
  approvedIds: string[];
  approvals: (PolicyApproval & { current: boolean })[];
};

/** The policy view of a loaded topology (findings from loadPanelTopology, approvals from the DB). */
export const topologyPolicyView = async ({
  topologyName,
  contentHash,
  findings,
}: {
  topologyName: string;
  contentHash: string;
  findings: PolicyFinding[];
}): Promise<TopologyPolicyView> => {
  const approvals = await listPolicyApprovals({ topology: topologyName });
  const approved = new Set(
    approvals.filter((a) => a.contentHash === contentHash).flatMap((a) => a.findings.map((f) => f.id)),
  );
  return {
    findings,
    approvedIds: findings.filter((f) => approved.has(f.id)).map((f) => f.id),
    approvals: approvals.map((a) => ({ ...a, current: a.contentHash === contentHash })),
  };
};
