// The admin's run detail retention (events and stat buckets of runs older than N days) applied: at
// boot, hourly, and at once when an admin changes it. One prune at a time; each is audited.
import type { Actor } from "@/lib/auth/principal";
import { recordAudit } from "@/lib/db/audit";
import { prunableRuns, pruneRunDetail, type PruneOutcome } from "@/lib/db/run-retention";
import { readSettings, writeSetting } from "@/lib/db/settings";
import { globalSingleton } from "@/lib/global-singleton";

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

const state = () =>
  globalSingleton("run-retention", () => ({
    pruning: null as Promise<PruneOutcome | null> | null,
    timer: null as NodeJS.Timeout | null,
  }));

/** The moment before which a run's detail is pruned under `days` of retention. */
export const retentionCutoff = ({ days, now = Date.now() }: { days: number; now?: number }): Date =>
  new Date(now - days * DAY_MS);

/**
 * Prunes what the setting says is past its retention (nothing when it keeps detail for ever); a
 * prune already under way is joined, not doubled. Audited when it deleted anything.
 */
export const applyRunRetention = async (): Promise<PruneOutcome | null> => {
  const s = state();
  if (s.pruning) return s.pruning;
  s.pruning = (async () => {
    const { runDetailRetentionDays: days } = await readSettings();
    if (days === null) return null;
    const before = retentionCutoff({ days });
    const outcome = await pruneRunDetail({ before });
    if (outcome.runs > 0)
      await recordAudit({
        actor: "panel",
        action: "retention.pruned",
        detail: { days, before: before.toISOString(), ...outcome },
      });
    return outcome;
  })().finally(() => {
    state().pruning = null;
  });
  return s.pruning;
};

/** Applies the retention now and every hour (server start); a failed prune is logged and tried next hour. */
export const startRunRetention = (): void => {
  const s = state();
  if (s.timer) return;
  const run = () =>
    void applyRunRetention().catch((error: unknown) =>
      console.error(`Run detail retention: ${error instanceof Error ? error.message : String(error)}`),
    );
  run();
  s.timer = setInterval(run, HOUR_MS);
  s.timer.unref();
};

/**
 * Sets the days a finished run keeps its events and stat buckets (null: for ever), audited; the
 * prune of what is already older starts at once. Answers the setting and how many runs it prunes.
 */
export const setRunDetailRetention = async ({
  principal,
  address,
  days,
}: Actor & { days: number | null }): Promise<{
  runDetailRetentionDays: number | null;
  prunableRuns: number;
}> => {
  await writeSetting({ key: "runDetailRetentionDays", value: days, by: principal.username });
  await recordAudit({
    actor: principal.username,
    action: "settings.run_detail_retention",
    address,
    detail: { days },
  });
  const prunable = days === null ? 0 : await prunableRuns({ before: retentionCutoff({ days }) });
  // After a prune under the old setting (if one runs), one under the new.
  void (state().pruning ?? Promise.resolve(null))
    .catch(() => null)
    .then(applyRunRetention)
    .catch(() => undefined);
  return { runDetailRetentionDays: days, prunableRuns: prunable };
};

/**
 * What the history stores per run, measured (VACUUMed SQLite before and after deleting, on an e2e
 * database of 2026-12-07: 6 deploys of the optimized topology): the detail retention deletes, and
 * what stays.
 */
export const MEASURED_BYTES_PER_RUN =
  "about 59 KiB of events and samples per deploy of the optimized topology, against 33 KiB that stay (run, timings, effective file); 13 KiB per teardown — SQLite, an end-to-end test database of 2026-12-07, dashboard deploys of about 30 s";

export type RunRetentionView = { days: number | null; statusText: string; bytesPerRunText: string };

/** The Data page's retention section: the setting and what it leaves to prune now. */
export const runDetailRetentionView = async (): Promise<RunRetentionView> => {
  const { runDetailRetentionDays: days } = await readSettings();
  if (days === null)
    return { days, statusText: "Run detail is kept for ever.", bytesPerRunText: MEASURED_BYTES_PER_RUN };
  const prunable = await prunableRuns({ before: retentionCutoff({ days }) });
  return {
    days,
    statusText: `Kept for ${days} day(s); ${prunable} finished run(s) older than that still hold detail (pruned within the hour).`,
    bytesPerRunText: MEASURED_BYTES_PER_RUN,
  };
};
