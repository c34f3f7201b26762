// What the Topology page shows of a topology whose file loaded: links to its report, history and
// logs, its compose files, what is not set yet, its networks, phases, images and resources, the
// deploy policy, the preflight on this host, its backups and the guide's claims against it.
import Link from "next/link";
import type { ReactNode } from "react";
import { BackupsPanel } from "@/components/topology/backups-panel";
import { ClaimsTable } from "@/components/topology/claims-table";
import { ComposeFilesPanel } from "@/components/topology/compose-files-panel";
import { ImagesTable } from "@/components/topology/images-table";
import { NetworkDiagram } from "@/components/topology/network-diagram";
import { PhaseGraph } from "@/components/topology/phase-graph";
import { PolicyPanel } from "@/components/topology/policy-panel";
import { PreflightPanel } from "@/components/topology/preflight-panel";
import { ReachabilityList } from "@/components/topology/reachability-list";
import { ResourceTable } from "@/components/topology/resource-table";
import { hasRole } from "@/lib/auth/roles";
import type { TopologyPageModel } from "@/lib/operations/topology-page-model";
import { reportPageHref } from "@/lib/report/report-page-model";
import type { Role } from "@/lib/roles";

/** A titled section of the Topology page. */
export const Section = ({ title, children }: { title: string; children: ReactNode }) => (
  <section className="space-y-2">
    <h2 className="text-lg font-semibold">{title}</h2>
    {children}
  </section>
);

export function TopologyDetails({
  shown,
  role,
}: {
  shown: NonNullable<TopologyPageModel["shown"]>;
  role: Role;
}) {
  const { topology, analysis, claims, policy, images, fit, check, hostError, entry, missing, warnings } =
    shown;
  return (
    <>
      <p className="text-sm">
        <Link href={reportPageHref({ name: entry.name })} className="underline" data-testid="report-link">
          Analysis report
        </Link>{" "}
        <span className="text-zinc-500">
          (bottlenecks, recommendations, risks from the stored runs; Markdown and PDF)
        </span>{" "}
        ·{" "}
        <Link href={`/topology/history?name=${encodeURIComponent(entry.name)}`} className="underline">
          Resource history
        </Link>{" "}
        ·{" "}
        <Link href={`/topology/logs?name=${encodeURIComponent(entry.name)}`} className="underline">
          Cluster logs
        </Link>
      </p>
      <p className="text-sm text-zinc-500">
        {topology.file} · project <code>{topology.project}</code> · {analysis.services.length} services ·{" "}
        {analysis.networks.length} network(s) · {analysis.relationships.count} dependencies · depth{" "}
        {analysis.maxDepth} · sha256 {topology.contentHash.slice(0, 12)}
      </p>
      <ComposeFilesPanel topology={topology} warnings={warnings} entry={entry} />
      {missing.length > 0 && (
        <p
          role="status"
          className="rounded border border-amber-300 bg-amber-50 p-2 text-sm dark:border-amber-700 dark:bg-amber-950/40"
        >
          Not set yet (needed to deploy): {missing.map((m) => m.name).join(", ")}. Set them in
          {entry.dir}/.env, or let scripts/start.sh generate data/cluster.env (the panel&apos;s own
          environment is never used).
        </p>
      )}
      <Section title="Networks">
        <NetworkDiagram topology={topology} analysis={analysis} />
        <ReachabilityList analysis={analysis} />
      </Section>
      <Section title="Phases, dependencies and critical path">
        <PhaseGraph analysis={analysis} />
      </Section>
      <Section title="Images">
        <ImagesTable view={images} />
      </Section>
      <Section title="Resources allocated">
        <ResourceTable topology={topology} analysis={analysis} />
      </Section>
      {policy && (
        <Section title="Deploy policy">
          <PolicyPanel
            topology={entry.name}
            view={policy}
            canApprove={hasRole({ actual: role, needed: "admin" })}
          />
        </Section>
      )}
      <Section title="Preflight on this host">
        <PreflightPanel result={check} fit={fit} written={topology} name={entry.name} hostError={hostError} />
      </Section>
      {topology.volumes.some((v) => !v.external) && (
        <Section title="Backups of its volumes and data folders">
          <BackupsPanel
            topology={entry.name}
            canOperate={hasRole({ actual: role, needed: "operator" })}
            canDelete={hasRole({ actual: role, needed: "admin" })}
          />
        </Section>
      )}
      {claims && (
        <Section title="The guide's claims vs. this file">
          <ClaimsTable analysis={analysis} claims={claims} />
        </Section>
      )}
    </>
  );
}
