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

/** The content-hash column of an approved file read (bound to the file itself, not the compose file's version). */
export const FILE_APPROVAL = "file-read";

/** An admin's approval of one file outside a topology's folder: its real path and content hash. */
export const createFileApproval = async ({
  topology,
  realPath,
  sha256,
  approvedBy,
}: {
  topology: string;
  realPath: string;
  sha256: string;
  approvedBy: string;
}): Promise<PolicyApproval> => {
  const finding = {
    id: `file:${sha256}`,
    rule: "file_read",
    service: "",
    key: "file",
    path: realPath,
    line: null,
    message: `reads ${realPath} (sha256 ${sha256.slice(0, 12)}…), outside the topology's folder`,
    fix: "",
    approvable: true,
  };
  const row = await getPrisma().topologyPolicyApproval.create({
    data: { topology, contentHash: FILE_APPROVAL, findings: JSON.stringify([finding]), approvedBy },
  });
  return { ...row, findings: parseFindings(row.findings) };
};

/** The files outside its folder a topology may read: real path and content hash of each approval. */
export const approvedFilesOf = async ({
  topology,
}: {
  topology: string;
}): Promise<{ realPath: string; sha256: string }[]> => {
  const rows = await getPrisma().topologyPolicyApproval.findMany({
    where: { topology, contentHash: FILE_APPROVAL },
  });
  return rows.flatMap((row) =>
    parseFindings(row.findings).flatMap((f) =>
      f.id.startsWith("file:") ? [{ realPath: f.path, sha256: f.id.slice("file:".length) }] : [],
    ),
  );
};
