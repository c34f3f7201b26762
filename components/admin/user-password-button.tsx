"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/components/auth/api";

/** Sets a new password for a user; says that their sessions ended and their API tokens were revoked. */
export const UserPasswordButton = ({ id }: { id: string }) => {
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  const change = async () => {
    const password = prompt("New password (10+ characters, not the username, not a common password):");
    if (!password) return;
    const answer = await callApi<{ tokensRevoked: number }>(`/api/users/${id}`, {
      method: "PATCH",
      body: { password },
    });
    setMessage(
      answer.ok
        ? `Password changed: signed out everywhere, ${answer.data.tokensRevoked} API token(s) revoked.`
        : answer.error.message,
    );
    if (answer.ok) router.refresh();
  };
  return (
    <>
      <button type="button" className="text-xs underline" onClick={change}>
        Set password
      </button>
      {message && (
        <span role="status" className="text-xs">
          {message}
        </span>
      )}
    </>
  );
};
