"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/components/auth/api";

type TestAnswer =
  | {
      ok: true;
      probe: { version: string; cpus: number; swarmState: string };
      hostKey: { fingerprint: string; pinnedNow: boolean } | null;
    }
  | { ok: false; error: string; failure: string | null };

/** The test's outcome as one line: the engine's facts and its host key, or the failure. */
const testNote = (result: TestAnswer): { ok: boolean; text: string } => {
  if (!result.ok) return { ok: false, text: result.error };
  const key = result.hostKey
    ? result.hostKey.pinnedNow
      ? ` · host key pinned now: ${result.hostKey.fingerprint} (compare it with the engine's)`
      : ` · host key ${result.hostKey.fingerprint} as pinned`
    : "";
  return { ok: true, text: `answers: Docker ${result.probe.version}, ${result.probe.cpus} CPUs${key}` };
};

/** Test and Remove for one added environment (admin). */
export const EnvironmentRowActions = ({ id, name }: { id: string; name: string }) => {
  const router = useRouter();
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const test = async () => {
    setNote({ ok: true, text: "testing…" });
    const answer = await callApi<TestAnswer>(`/api/environments/${id}/test`, { method: "POST" });
    if (!answer.ok) return setNote({ ok: false, text: answer.error.message });
    setNote(testNote(answer.data));
    router.refresh();
  };
  const remove = async () => {
    if (!confirm(`Remove the environment ${name}?`)) return;
    const answer = await callApi(`/api/environments/${id}`, { method: "DELETE" });
    if (!answer.ok) return setNote({ ok: false, text: answer.error.message });
    router.refresh();
  };
  return (
    <div className="flex items-center gap-2">
      <button type="button" className="text-xs underline" onClick={test}>
        Test
      </button>
      <button type="button" className="text-xs text-red-600 underline" onClick={remove}>
        Remove
      </button>
      {note && (
        <span
          role={note.ok ? "status" : "alert"}
          className={`text-xs ${note.ok ? "text-zinc-500" : "text-red-600"}`}
        >
          {note.text}
        </span>
      )}
    </div>
  );
};
