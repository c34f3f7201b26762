"use client";
import Link from "next/link";
import { useState } from "react";
import { callApi } from "@/components/auth/api";

type Started = { runId: string; project: string; redeployOf: string };
type GoneImage = { image: string; storedId: string; currentId: string | null };

const goneImagesOf = (details: unknown): GoneImage[] =>
  details && typeof details === "object" && "images" in details && Array.isArray(details.images)
    ? (details.images as GoneImage[])
    : [];

/**
 * "Deploy this again": the run's stored file and image IDs as a new run. A gone image ID is
 * answered with the tag's current one, which the person may accept with a second click.
 */
export const RedeployButton = ({ id }: { id: string }) => {
  const [busy, setBusy] = useState(false);
  const [started, setStarted] = useState<Started | null>(null);
  const [refusal, setRefusal] = useState<{ message: string; images: GoneImage[] } | null>(null);
  const redeploy = async (acceptCurrentImages: boolean) => {
    setBusy(true);
    setRefusal(null);
    const answer = await callApi<Started>(`/api/runs/${id}/redeploy`, { body: { acceptCurrentImages } });
    setBusy(false);
    if (answer.ok) return setStarted(answer.data);
    const details = (answer.error as { details?: unknown }).details;
    setRefusal({ message: answer.error.message, images: goneImagesOf(details) });
  };
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="redeploy">
      <button
        type="button"
        className="rounded border px-2 py-0.5 disabled:opacity-50"
        disabled={busy}
        onClick={() => void redeploy(false)}
      >
        {busy ? "Starting…" : "Deploy this again"}
      </button>
      {started && (
        <span data-testid="redeploy-started">
          Started run{" "}
          <a className="underline" href={`/runs/${started.runId}`}>
            {started.runId}
          </a>{" "}
          (follow it on the{" "}
          <Link className="underline" href="/">
            dashboard
          </Link>
          ) ·{" "}
          <a className="underline" href={`/compare?ids=${id},${started.runId}`}>
            Compare with this run
          </a>
        </span>
      )}
      {refusal && (
        <span role="alert" className="text-red-700 dark:text-red-400" data-testid="redeploy-refused">
          {refusal.message}
          {refusal.images.length > 0 && (
            <button
              type="button"
              className="ml-2 rounded border px-2 py-0.5"
              disabled={busy}
              onClick={() => void redeploy(true)}
            >
              Deploy with the current images ({refusal.images.map((i) => i.image).join(", ")})
            </button>
          )}
        </span>
      )}
    </div>
  );
};
