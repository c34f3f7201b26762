"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { callApi } from "@/components/auth/api";
import type { LeftoverRun } from "@/lib/operations/leftovers";
import { ErrorText } from "@/components/ui/alert";

// Not "Tear down": the dashboard's own Tear down button (the whole project) keeps that name.
const ACTIONS = [
  { action: "watch", label: "Resume watching", tone: "bg-zinc-200 dark:bg-zinc-700" },
  { action: "teardown", label: "Teardown leftovers", tone: "bg-red-600 text-white" },
  { action: "adopt", label: "Adopt as deployed", tone: "bg-emerald-600 text-white" },
] as const;

const summary = (group: LeftoverRun): string =>
  [
    `${group.containers.length} containers (${group.containers.map((c) => `${c.name}: ${c.state ?? "?"}`).join(", ") || "none"})`,
    `${group.networks.length} networks`,
    `${group.volumes.length} volumes`,
  ].join(" · ");

/** Objects of runs no live panel process owns, with what an operator can do about them. */
export const LeftoversPanel = ({ groups, canOperate }: { groups: LeftoverRun[]; canOperate: boolean }) => {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  // While an action works in the background (a teardown), the list is refreshed until the run is gone.
  const stillListed = pending !== null && groups.some((group) => group.runId === pending);
  useEffect(() => {
    if (!stillListed) return;
    const timer = setInterval(() => router.refresh(), 2_000);
    return () => clearInterval(timer);
  }, [stillListed, router]);
  if (groups.length === 0) return null;
  const act = async (runId: string, action: (typeof ACTIONS)[number]["action"]) => {
    const answer = await callApi<{ runId: string | null }>("/api/leftovers", { body: { runId, action } });
    setError(answer.ok ? null : answer.error.message);
    if (answer.ok) setPending(runId);
    router.refresh();
  };
  return (
    <section
      className="space-y-3 rounded border border-amber-400 bg-amber-50 p-4 dark:bg-amber-950"
      data-testid="leftovers"
    >
      <h2 className="text-lg font-semibold">Left on the engine by interrupted or failed runs</h2>
      <p className="text-sm">
        These containers, networks and volumes carry a run&apos;s labels but no running panel process owns
        them (the panel or the engine stopped mid-run, or a cleanup did not finish).
      </p>
      <ErrorText error={error} />
      <ul className="space-y-3">
        {groups.map((group) => (
          <li key={group.runId} className="space-y-1" data-testid={`leftover-${group.runId}`}>
            <p className="text-sm font-medium">
              {group.project} · run{" "}
              {group.run ? (
                <a className="underline" href={`/runs/${group.runId}`}>
                  {group.runId}
                </a>
              ) : (
                `${group.runId} (not stored here)`
              )}
              {group.run &&
                ` · ${group.run.kind} ${group.run.status} · reached: ${group.run.reachedState ?? "—"}`}
              {group.watching && " · watching"}
            </p>
            <p className="text-xs text-zinc-600 dark:text-zinc-400">{summary(group)}</p>
            {canOperate && (
              <div className="flex flex-wrap gap-2">
                {ACTIONS.map(({ action, label, tone }) => (
                  <button
                    key={action}
                    type="button"
                    className={`rounded px-3 py-1 text-sm font-medium ${tone}`}
                    onClick={() => void act(group.runId, action)}
                  >
                    {label}
                  </button>
                ))}
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
};
