import { ClusterLogView } from "@/components/topology/cluster-log-view";
import { TopologyPicker } from "@/components/topology/topology-picker";
import { requirePageRole } from "@/lib/auth/page";
import { topologyChoice } from "@/lib/operations/history-page-model";

export const dynamic = "force-dynamic";

const LogsPage = async ({ searchParams }: { searchParams: Promise<{ name?: string }> }) => {
  await requirePageRole("viewer");
  const { entries, name } = topologyChoice(await searchParams);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Cluster logs</h1>
      <TopologyPicker entries={entries} name={name} path="/topology/logs" />
      {name ? <ClusterLogView key={name} topology={name} /> : <p className="text-sm">No topologies.</p>}
    </div>
  );
};

export default LogsPage;
