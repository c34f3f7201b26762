import { StatsHistoryCharts } from "@/components/charts/stats-history-charts";
import { EnvironmentPicker } from "@/components/environments/environment-picker";
import { HistoryRetentionSetting } from "@/components/topology/history-retention-setting";
import { TopologyPicker } from "@/components/topology/topology-picker";
import { requirePageRole } from "@/lib/auth/page";
import { LOCAL_ENVIRONMENT_ID } from "@/lib/docker/client";
import { loadHistoryPage } from "@/lib/operations/history-page-model";

export const dynamic = "force-dynamic";

const HistoryPage = async ({
  searchParams,
}: {
  searchParams: Promise<{ name?: string; environment?: string }>;
}) => {
  const principal = await requirePageRole("viewer");
  const { entries, name, environments, environment, retentionDays } = await loadHistoryPage(
    await searchParams,
  );
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Resource history</h1>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <TopologyPicker
          entries={entries}
          name={name}
          path="/topology/history"
          keep={environment === LOCAL_ENVIRONMENT_ID ? {} : { environment }}
        />
        {environments.length > 1 && <EnvironmentPicker current={environment} environments={environments} />}
      </div>
      <p className="text-sm text-zinc-500">
        Every 10 s while the cluster runs; 1 min points after 24 h, 10 min after 7 days, kept {retentionDays}{" "}
        days. Markers: deploys, teardowns and scaling.
      </p>
      {name ? (
        <StatsHistoryCharts topology={name} environment={environment} />
      ) : (
        <p className="text-sm">No topologies.</p>
      )}
      {principal.role === "admin" && <HistoryRetentionSetting days={retentionDays} />}
    </div>
  );
};

export default HistoryPage;
