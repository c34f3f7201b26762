"use client";
import Link from "next/link";
import { useEffect, useState } from "react";
import { callApi } from "@/components/auth/api";

/** How often the badge asks for open alerts. */
const POLL_MS = 3_000;

type Page = { items: { id: string; title: string }[]; nextCursor: string | null };

/** The dashboard's badge: how many alerts are open and the newest one's title, linking to /alerts. */
export const OpenAlertsBadge = () => {
  const [open, setOpen] = useState<Page["items"] | null>(null);
  const [more, setMore] = useState(false);
  useEffect(() => {
    let stopped = false;
    const read = async () => {
      const answer = await callApi<Page>("/api/v1/alerts?status=open&limit=20");
      if (stopped || !answer.ok) return;
      setOpen(answer.data.items);
      setMore(answer.data.nextCursor !== null);
    };
    void read();
    const timer = setInterval(() => void read(), POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);
  if (open === null) return null;
  const count = `${open.length}${more ? "+" : ""}`;
  return (
    <Link
      href="/alerts"
      data-testid="alert-badge"
      data-open={open.length}
      className={`inline-flex items-center gap-2 rounded px-3 py-1 text-sm ${
        open.length > 0
          ? "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200"
          : "bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300"
      }`}
    >
      {open.length > 0
        ? `${count} open alert${open.length === 1 ? "" : "s"}: ${open[0]?.title ?? ""}`
        : "No open alerts"}
    </Link>
  );
};
