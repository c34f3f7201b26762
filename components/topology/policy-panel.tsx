import type { TopologyPolicyView } from "@/lib/operations/policy";
import { ApprovePolicyButton } from "./approve-policy-button";

const when = (at: Date): string => `${at.toISOString().replace("T", " ").slice(0, 16)} UTC`;

/**
 * What the file asks of the host beyond its own containers and folder, each finding with its line,
 * rule and fix; which an admin approved (by whom, when) and whether editing the file voided it.
 */
export const PolicyPanel = ({
  topology,
  view,
  canApprove,
}: {
  topology: string;
  view: TopologyPolicyView;
  canApprove: boolean;
}) => {
  const approved = new Set(view.approvedIds);
  const pending = view.findings.filter((f) => !approved.has(f.id));
  const blocked = view.findings.some((f) => !f.approvable);
  return (
    <div className="space-y-2 text-sm" data-testid="policy">
      {view.findings.length === 0 ? (
        <p className="text-emerald-700 dark:text-emerald-400">
          Passes the deploy policy: it mounts only files inside its folder and asks for no host access.
        </p>
      ) : (
        <>
          <p className={pending.length > 0 ? "font-medium text-red-700 dark:text-red-400" : ""}>
            {pending.length > 0
              ? `${pending.length} finding(s) refuse the deploy until ${blocked ? "the file is changed" : "an admin approves them"}:`
              : "Every finding is approved for this version of the file:"}
          </p>
          <ul className="space-y-1">
            {view.findings.map((f) => (
              <li key={f.id} data-rule={f.rule}>
                <span className="font-mono text-xs">line {f.line ?? "?"}</span> {f.message}{" "}
                <span className="text-zinc-500">
                  (rule {f.rule};{" "}
                  {approved.has(f.id)
                    ? "approved"
                    : f.approvable
                      ? `fix: ${f.fix}`
                      : `never approvable — ${f.fix}`}
                  )
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      {canApprove && pending.length > 0 && !blocked && <ApprovePolicyButton topology={topology} />}
      {view.approvals.length > 0 && (
        <ul className="space-y-1 text-zinc-600 dark:text-zinc-400" aria-label="Policy approvals">
          {view.approvals.map((a) => (
            <li key={a.id}>
              Approved by <strong>{a.approvedBy}</strong> at {when(a.approvedAt)}: {a.findings.length}{" "}
              finding(s) ({a.findings.map((f) => `${f.path} line ${f.line ?? "?"}`).join(", ")}) for file
              sha256 {a.contentHash.slice(0, 12)}
              {a.current ? "" : " — void: the file has changed since"}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
};
