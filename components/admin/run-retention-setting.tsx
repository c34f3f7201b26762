"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/components/auth/api";
import { useHydrated } from "@/components/shell/use-hydrated";
import { ErrorText } from "@/components/ui/alert";

/** The admin's run detail retention: whole days, or empty to keep every run's detail for ever. */
export const RunRetentionSetting = ({ days }: { days: number | null }) => {
  const router = useRouter();
  const hydrated = useHydrated();
  const [text, setText] = useState(days === null ? "" : String(days));
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const save = async () => {
    const value = text.trim() === "" ? null : Number(text);
    const answer = await callApi<{ prunableRuns: number }>("/api/settings", {
      method: "PUT",
      body: { runDetailRetentionDays: value },
    });
    setError(answer.ok ? null : answer.error.message);
    setDone(
      answer.ok
        ? value === null
          ? "Saved: run detail is kept for ever."
          : `Saved: ${answer.data.prunableRuns} run(s) older than ${value} days lose their events and samples now.`
        : null,
    );
    if (answer.ok) router.refresh();
  };
  return (
    <form
      className="flex flex-wrap items-end gap-2 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label className="flex flex-col gap-1">
        Keep each finished run&apos;s events and resource samples for (days; empty: for ever)
        <input
          name="runDetailRetentionDays"
          inputMode="numeric"
          value={text}
          onChange={(e) => setText(e.target.value)}
          className="w-32 rounded border border-zinc-300 bg-transparent px-2 py-1 dark:border-zinc-700"
        />
      </label>
      <button
        type="submit"
        disabled={!hydrated}
        className="rounded bg-zinc-900 px-3 py-1 text-white dark:bg-zinc-100 dark:text-zinc-900"
      >
        Save
      </button>
      <ErrorText error={error} />
      {done && (
        <p role="status" className="w-full text-zinc-600 dark:text-zinc-300">
          {done}
        </p>
      )}
    </form>
  );
};
