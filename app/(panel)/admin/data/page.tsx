import { RunRetentionSetting } from "@/components/admin/run-retention-setting";
import { requirePageRole } from "@/lib/auth/page";
import { runDetailRetentionView } from "@/lib/operations/run-retention";

export const dynamic = "force-dynamic";

const DataPage = async () => {
  await requirePageRole("admin");
  const view = await runDetailRetentionView();
  return (
    <div className="max-w-2xl space-y-6">
      <h1 className="text-2xl font-semibold">Data</h1>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Run detail retention</h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-300">
          A run&apos;s events and per-second resource samples are most of what the history stores (measured:{" "}
          {view.bytesPerRunText}). Past the retention they are deleted hourly; the run, its measured summary,
          its service and phase timings and its effective compose file stay, so Compare, experiments, the
          report and &quot;deploy this again&quot; still work.
        </p>
        <p className="text-sm" data-testid="retention-status">
          {view.statusText}
        </p>
        <RunRetentionSetting days={view.days} />
      </section>
    </div>
  );
};

export default DataPage;
