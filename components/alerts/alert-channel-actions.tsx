"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/components/auth/api";

type TestOutcome = { outcome: "sent" | "failed" | "rate_limited"; attempts: number; error: string | null };

/** Send test and Remove for one alert channel (admin). */
export const AlertChannelActions = ({ id, name }: { id: string; name: string }) => {
  const router = useRouter();
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const test = async () => {
    setNote({ ok: true, text: "sending…" });
    const answer = await callApi<TestOutcome>(`/api/v1/alert-channels/${id}/test`, { method: "POST" });
    if (!answer.ok) return setNote({ ok: false, text: answer.error.message });
    const { outcome, attempts, error } = answer.data;
    setNote(
      outcome === "sent"
        ? { ok: true, text: `sent (attempts: ${attempts})` }
        : { ok: false, text: `${outcome} after ${attempts} attempts: ${error ?? ""}` },
    );
    router.refresh();
  };
  const remove = async () => {
    if (!confirm(`Remove the alert channel ${name}?`)) return;
    const answer = await callApi(`/api/v1/alert-channels/${id}`, { method: "DELETE" });
    if (!answer.ok) return setNote({ ok: false, text: answer.error.message });
    router.refresh();
  };
  return (
    <div className="flex flex-wrap items-center gap-2">
      <button type="button" className="text-xs underline" onClick={test}>
        Send test
      </button>
      <button type="button" className="text-xs text-red-600 underline" onClick={remove}>
        Remove
      </button>
      {note && (
        <span className={`text-xs ${note.ok ? "text-zinc-500" : "text-red-600"}`} role="status">
          {note.text}
        </span>
      )}
    </div>
  );
};
