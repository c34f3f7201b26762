import Link from "next/link";
import { AddTopologyForm } from "@/components/topology/add-topology-form";
import { Section, TopologyDetails } from "@/components/topology/topology-details";
import { requirePageRole } from "@/lib/auth/page";
import { hasRole } from "@/lib/auth/roles";
import { loadTopologyPage } from "@/lib/operations/topology-page-model";

export const dynamic = "force-dynamic";

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
      {shown && <TopologyDetails shown={shown} role={principal.role} />}
      {hasRole({ actual: principal.role, needed: "operator" }) && (
        <Section title="Add your own compose file">
          <AddTopologyForm />
        </Section>
      )}
    </div>
  );
};

export default TopologyPage;
