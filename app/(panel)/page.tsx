import { OpenAlertsBadge } from "@/components/alerts/open-alerts-badge";
import { Dashboard } from "@/components/deploy/dashboard";
import { DashboardStatusCards } from "@/components/deploy/dashboard-status-cards";
import { LeftoversPanel } from "@/components/deploy/leftovers-panel";
import { requirePageRole } from "@/lib/auth/page";
import { hasRole } from "@/lib/auth/roles";
import { loadDashboardPage } from "@/lib/operations/dashboard-page-model";

export const dynamic = "force-dynamic";

const DashboardPage = async ({ searchParams }: { searchParams: Promise<{ environment?: string }> }) => {
  const principal = await requirePageRole("viewer");
  // `?environment=<name>`: the engine this dashboard shows and deploys to (the panel's own by default).
  const model = await loadDashboardPage({
    userId: principal.userId,
    wanted: (await searchParams).environment,
  });
  const canOperate = hasRole({ actual: principal.role, needed: "operator" });
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-semibold">Dashboard</h1>
        <OpenAlertsBadge />
      </div>
      <DashboardStatusCards
        environment={model.environment}
        engine={model.engine}
        database={model.database}
        writes={model.writes}
      />
      <LeftoversPanel groups={model.leftovers} canOperate={canOperate} />
      <Dashboard
        topologies={model.topologies}
        canOperate={canOperate}
        isAdmin={principal.role === "admin"}
        engineReachable={model.engine.reachable}
        environment={model.environment}
        environmentId={model.environmentId}
        swarmManager={model.swarmManager}
        environments={model.environmentNames}
        tour={model.tour}
      />
    </div>
  );
};

export default DashboardPage;
