"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useHydrated } from "@/components/shell/use-hydrated";
import { callApi } from "./api";
import { ErrorText } from "@/components/ui/alert";

/** The admin switch "require 2FA for admins" (audited on the server). */
export const AdminTwoFactorSetting = ({ required }: { required: boolean }) => {
  const router = useRouter();
  const hydrated = useHydrated();
  const [error, setError] = useState<string | null>(null);
  const toggle = async () => {
    const answer = await callApi("/api/settings", {
      method: "PUT",
      body: { requireAdminTwoFactor: !required },
    });
    setError(answer.ok ? null : answer.error.message);
    if (answer.ok) router.refresh();
  };
  return (
    <div className="space-y-1 text-sm">
      <label className="flex items-center gap-2">
        <input type="checkbox" checked={required} disabled={!hydrated} onChange={toggle} />
        Require two-factor sign-in for admins (an admin without it acts as an operator until they enrol)
      </label>
      <ErrorText error={error} />
    </div>
  );
};
