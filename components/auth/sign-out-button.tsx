"use client";
import { useRouter } from "next/navigation";
import { callApi } from "./api";

/** Ends the session and goes to the sign-in page. */
export const SignOutButton = () => {
  const router = useRouter();
  return (
    <button
      type="button"
      className="rounded border border-zinc-300 px-2 py-0.5 text-xs hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
      onClick={async () => {
        await callApi("/api/auth/logout", { method: "POST" });
        router.replace("/login");
        router.refresh();
      }}
    >
      Sign out
    </button>
  );
};
