"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/components/auth/api";
import { useHydrated } from "@/components/shell/use-hydrated";

/** An admin approves the listed findings for this version of the file. */
export const ApprovePolicyButton = ({ topology }: { topology: string }) => {
  const router = useRouter();
  const hydrated = useHydrated();
  const [error, setError] = useState<string | null>(null);
  const approve = async () => {
    const answer = await callApi("/api/topologies/policy-approvals", { body: { topology } });
    if (!answer.ok) return setError(answer.error.message);
    setError(null);
    router.refresh();
  };
  return (
    <div className="space-y-1">
      <button
        type="button"
        onClick={approve}
        disabled={!hydrated}
        className="rounded bg-amber-700 px-3 py-1 text-sm text-white disabled:opacity-50"
      >
        Approve these exceptions for this version of the file
      </button>
      {error && (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      )}
    </div>
  );
};
