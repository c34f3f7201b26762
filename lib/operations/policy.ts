// The deploy policy applied: judged on the file (lib/compose/policy.ts) when it is added in the UI
// and before every deploy and scale, with the admin-approved exceptions of that exact version of
// the file. Messages never carry a secret's value (its variable is named instead).
import path from "node:path";
import { hasRole, type Role } from "@/lib/auth/roles";
import { panelPaths, policyFindings, refusePolicy } from "@/lib/catalog/topology-policy";
import {
  approvedPolicyOf,
  type ApprovedPolicy,
  type ApprovedPolicyOptions,
} from "@/lib/compose/policy-grants";
import { listPanelTopologies, loadPanelTopology } from "@/lib/catalog/topologies";
import { readForApproval } from "@/lib/compose/confined-file";
import type { ApprovedFile } from "@/lib/compose/topology-files";
import type { PolicyFinding } from "@/lib/compose/policy";
import type { Topology } from "@/lib/compose/types";
import { recordAudit } from "@/lib/db/audit";
import {
  approvedFilesOf,
  approvedFindingIds,
  createFileApproval,
  createPolicyApproval,
  FILE_APPROVAL,
  listPolicyApprovals,
  type PolicyApproval,
} from "@/lib/db/policy-approvals";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/principal";

/**
 * Before a deploy or scale: every finding must be approvable and approved for this version of the
 * file. Answers the approved policy the run's Engine gate judges each request against (the same
 * findings and approvals, the caller's role).
 */
export const assertDeployAllowed = async ({
  topologyName,
  topology,
  env,
  role,
}: {
  topologyName: string;
  topology: ApprovedPolicyOptions["topology"] & Pick<Topology, "contentHash">;
  env: Record<string, string>;
  role: Role;
}): Promise<ApprovedPolicy> => {
  if (!hasRole({ actual: role, needed: "operator" }))
    throw new AppError("forbidden", `A ${role} cannot deploy ${topologyName}: it needs the operator role.`);
  const findings = policyFindings({ topology, env });
  const approved =
    findings.length === 0
      ? new Set<string>()
      : await approvedFindingIds({ topology: topologyName, contentHash: topology.contentHash });
  const refused = findings.filter((f) => !f.approvable || !approved.has(f.id));
  if (refused.length > 0)
    refusePolicy(
      `The deploy policy refuses ${topologyName}${refused.some((f) => f.approvable) ? " (an admin may approve the approvable findings on the Topology page)" : ""}`,
      refused,
    );
  return approvedPolicyOf({ topologyName, topology, panel: panelPaths(), approvedIds: approved, role });
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
  const loaded = await loadPanelTopology({
    name: topologyName,
    approvedFiles: await approvedFilesOf({ topology: topologyName }),
  });
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
    // A file approval binds the file's own content and real path, whatever the compose file's version.
    approvals: approvals.map((a) => ({
      ...a,
      current: a.contentHash === contentHash || a.contentHash === FILE_APPROVAL,
    })),
  };
};

/** The files outside its folder an admin approved for a topology (what its loads may read). */
export const approvedFilesFor = (topologyName: string): Promise<ApprovedFile[]> =>
  approvedFilesOf({ topology: topologyName });

/**
 * An admin approves one file outside a topology's folder (a path as the compose file writes it,
 * relative to the folder, or absolute): bound to its real path and the sha256 of its content now,
 * so editing the file or pointing the path elsewhere voids it. /proc, /sys, /dev, folders, FIFOs,
 * devices and files over 1 MiB are never approved. Audited.
 */
export const approveFileRead = async ({
  principal,
  address,
  topologyName,
  path: written,
}: Actor & { topologyName: string; path: string }): Promise<PolicyApproval> => {
  const entry = listPanelTopologies().find((t) => t.name === topologyName);
  if (!entry) throw new AppError("not_found", `No topology "${topologyName}" under topologies/.`);
  const read = await readForApproval({ path: path.resolve(entry.dir, written) });
  if (!read.ok)
    throw new AppError(
      "bad_request",
      `path: "${written}" cannot be approved: only a regular file of at most 1 MiB outside /proc, /sys and /dev can`,
    );
  const approval = await createFileApproval({
    topology: topologyName,
    realPath: read.realPath,
    sha256: read.sha256,
    approvedBy: principal.username,
  });
  await recordAudit({
    actor: principal.username,
    action: "topology.file.approve",
    target: topologyName,
    address,
    detail: { path: written, realPath: read.realPath, sha256: read.sha256 },
  });
  return approval;
};
