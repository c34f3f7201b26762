// Admins' approvals of deploy-policy exceptions, one row per approval of one version of a file.
import { z } from "zod";
import type { PolicyFinding } from "@/lib/compose/policy";
import { getPrisma } from "./client";

const ZApprovedFinding = z.object({
  id: z.string(),
  rule: z.string(),
  service: z.string(),
  key: z.string(),
  path: z.string(),
  line: z.number().nullable(),
  message: z.string(),
  fix: z.string(),
  approvable: z.boolean(),
});

export type PolicyApproval = {
  id: string;
  topology: string;
  contentHash: string;
  findings: Pick<PolicyFinding, "id" | "service" | "key" | "path" | "line" | "message" | "fix">[];
  approvedBy: string;
  approvedAt: Date;
};

const parseFindings = (json: string): PolicyApproval["findings"] => {
  const parsed = z.array(ZApprovedFinding).safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : [];
};

/** Stores an approval of `findings` for one version (content hash) of a topology's file. */
export const createPolicyApproval = async ({
  topology,
  contentHash,
  findings,
  approvedBy,
}: {
  topology: string;
  contentHash: string;
  findings: PolicyFinding[];
  approvedBy: string;
}): Promise<PolicyApproval> => {
  const row = await getPrisma().topologyPolicyApproval.create({
    data: { topology, contentHash, findings: JSON.stringify(findings), approvedBy },
  });
  return { ...row, findings: parseFindings(row.findings) };
};

/** Approvals of a topology, newest first (all versions: the page says which still apply). */
export const listPolicyApprovals = async ({ topology }: { topology: string }): Promise<PolicyApproval[]> => {
  const rows = await getPrisma().topologyPolicyApproval.findMany({
    where: { topology },
    orderBy: { approvedAt: "desc" },
    take: 20,
  });
  return rows.map((row) => ({ ...row, findings: parseFindings(row.findings) }));
};

/** Ids of the findings approved for this exact version of the file. */
export const approvedFindingIds = async ({
  topology,
  contentHash,
}: {
  topology: string;
  contentHash: string;
}): Promise<Set<string>> => {
  const rows = await getPrisma().topologyPolicyApproval.findMany({ where: { topology, contentHash } });
  return new Set(rows.flatMap((row) => parseFindings(row.findings).map((finding) => finding.id)));
};
