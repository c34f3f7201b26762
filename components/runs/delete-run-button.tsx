"use client";
import { useRouter } from "next/navigation";
import { callApi } from "@/components/auth/api";

/** Deletes a run and what was stored with it, after a confirmation. */
export const DeleteRunButton = ({ id, after }: { id: string; after?: string }) => {
  const router = useRouter();
  return (
    <button
      type="button"
      className="text-xs text-red-600 underline"
      onClick={async () => {
        if (!confirm("Delete this run and everything stored with it?")) return;
        const answer = await callApi(`/api/runs/${id}`, { method: "DELETE" });
        if (!answer.ok) return alert(answer.error.message);
        if (after) router.push(after);
        router.refresh();
      }}
    >
      Delete
    </button>
  );
};
