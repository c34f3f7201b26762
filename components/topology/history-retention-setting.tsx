"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/components/auth/api";
import { ErrorText } from "@/components/ui/alert";

/** The admin's "keep resource history for N days" (audited on the server; bounds checked there). */
export const HistoryRetentionSetting = ({ days }: { days: number }) => {
  const router = useRouter();
  const [value, setValue] = useState(String(days));
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    const answer = await callApi("/api/settings", {
      method: "PUT",
      body: { statsHistoryRetentionDays: Number(value) },
    });
    setError(answer.ok ? null : answer.error.message);
    if (answer.ok) router.refresh();
  };
  return (
    <form
      className="flex flex-wrap items-center gap-2 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label>
        Keep resource history for{" "}
        <input
          type="number"
          min={1}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          className="w-20 rounded border px-1 dark:bg-zinc-900"
        />{" "}
        days
      </label>
      <button type="submit" className="rounded border px-2">
        Save
      </button>
      <ErrorText error={error} />
    </form>
  );
};
