import Link from "next/link";
import type { ReactNode } from "react";
import { AddTopologyForm } from "@/components/topology/add-topology-form";
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
import { requirePageRole } from "@/lib/auth/page";
import { hasRole } from "@/lib/auth/roles";
import { loadTopologyPage } from "@/lib/operations/topology-page-model";
import { reportPageHref } from "@/lib/report/report-page-model";

export const dynamic = "force-dynamic";

const Section = ({ title, children }: { title: string; children: ReactNode }) => (
  <section className="space-y-2">
    <h2 className="text-lg font-semibold">{title}</h2>
    {children}
  </section>
);

const TopologyPage = async ({ searchParams }: { searchParams: Promise<{ name?: string; fit?: string }> }) => {
  // Its own check, first: the layout's redirect does not stop this page's body from rendering.
  const principal = await requirePageRole("viewer");
  const { entries, name, loaded, shown } = await loadTopologyPage(await searchParams);

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Topology</h1>
      <nav aria-label="Topologies" className="flex flex-wrap gap-2">
        {entries.map((entry) => (
          <Link
            key={entry.name}
            href={`/topology?name=${entry.name}`}
            className={`rounded-full border px-3 py-1 text-sm ${entry.name === name ? "border-zinc-900 bg-zinc-900 text-white dark:border-zinc-100 dark:bg-zinc-100 dark:text-zinc-900" : "border-zinc-300 dark:border-zinc-700"}`}
          >
            {entry.name}
          </Link>
        ))}
      </nav>
      {!loaded && (
        <p className="text-sm text-zinc-500">No topology folder named “{name}” under topologies/.</p>
      )}
      {loaded && !loaded.result.ok && (
        <div role="alert" className="space-y-1 text-sm text-red-700 dark:text-red-400">
          <p className="font-medium">{loaded.file} has problems:</p>
          <ul>
            {loaded.result.errors.map((e, i) => (
              <li key={i}>
                line {e.line ?? "?"}: {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {shown &&
        (() => {
          const {
            topology,
            analysis,
            claims,
            policy,
            images,
            fit,
            check,
            hostError,
            entry,
            missing,
            warnings,
          } = shown;
          return (
            <>
              <p className="text-sm">
                <Link
                  href={reportPageHref({ name: entry.name })}
                  className="underline"
                  data-testid="report-link"
                >
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
                {topology.file} · project <code>{topology.project}</code> · {analysis.services.length}{" "}
                services · {analysis.networks.length} network(s) · {analysis.relationships.count} dependencies
                · depth {analysis.maxDepth} · sha256 {topology.contentHash.slice(0, 12)}
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
                    canApprove={!!principal && hasRole({ actual: principal.role, needed: "admin" })}
                  />
                </Section>
              )}
              <Section title="Preflight on this host">
                <PreflightPanel
                  result={check}
                  fit={fit}
                  written={topology}
                  name={entry.name}
                  hostError={hostError}
                />
              </Section>
              {topology.volumes.some((v) => !v.external) && (
                <Section title="Backups of its volumes and data folders">
                  <BackupsPanel
                    topology={entry.name}
                    canOperate={hasRole({ actual: principal.role, needed: "operator" })}
                    canDelete={hasRole({ actual: principal.role, needed: "admin" })}
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
        })()}
      {hasRole({ actual: principal.role, needed: "operator" }) && (
        <Section title="Add your own compose file">
          <AddTopologyForm />
        </Section>
      )}
    </div>
  );
};

export default TopologyPage;
