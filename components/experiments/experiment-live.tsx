"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { callApi } from "@/components/auth/api";

/** While the experiment runs: the progress bar with its ETA, a refresh every few seconds, and Cancel for operators. */
export const ExperimentLive = ({
  id,
  live,
  percent,
  progressText,
  eta,
  canCancel,
}: {
  id: string;
  live: boolean;
  percent: number;
  progressText: string;
  eta: string;
  canCancel: boolean;
}) => {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => router.refresh(), 3_000);
    return () => clearInterval(timer);
  }, [live, router]);
  return (
    <div className="space-y-1" data-testid="experiment-progress">
      <div className="h-2 w-full max-w-xl rounded bg-zinc-200 dark:bg-zinc-800">
        <div className="h-2 rounded bg-emerald-600" style={{ width: `${percent}%` }} />
      </div>
      <p className="text-sm">
        {progressText}
        {live ? ` · ${eta}` : ""}
        {live && canCancel && (
          <button
            type="button"
            className="ml-3 text-sm text-red-600 underline"
            onClick={async () => {
              if (
                !confirm(
                  "Cancel this experiment? The run in flight is cancelled; finished repetitions are kept.",
                )
              )
                return;
              const answer = await callApi(`/api/v1/experiments/${id}/cancel`, { method: "POST" });
              if (!answer.ok) setError(answer.error.message);
              router.refresh();
            }}
          >
            Cancel
          </button>
        )}
      </p>
      {error && (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      )}
    </div>
  );
};
