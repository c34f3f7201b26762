import Link from "next/link";
import type { ReactNode } from "react";
import { HeartbeatIndicator } from "@/components/realtime/heartbeat-indicator";

const NAV = [
  { href: "/", label: "Dashboard" },
  { href: "/runs", label: "Runs" },
  { href: "/compare", label: "Compare" },
  { href: "/topology", label: "Topology" },
] as const;

/** The frame of every page: navigation, engine status and the live-connection indicator. */
export const AppShell = ({ badge, children }: { badge: ReactNode; children: ReactNode }) => (
  <div className="flex min-h-screen flex-col">
    <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <div className="mx-auto flex max-w-7xl items-center gap-6 px-4 py-3">
        <span className="font-semibold tracking-tight">OllamaMax</span>
        <nav aria-label="Main" className="flex gap-4 text-sm">
          {NAV.map((item) => (
            <Link
              key={item.href}
              href={item.href}
              className="text-zinc-600 hover:text-zinc-950 dark:text-zinc-300 dark:hover:text-white"
            >
              {item.label}
            </Link>
          ))}
        </nav>
        <div className="ml-auto flex items-center gap-3">
          {badge}
          <HeartbeatIndicator />
        </div>
      </div>
    </header>
    <main className="mx-auto w-full max-w-7xl flex-1 px-4 py-6">{children}</main>
  </div>
);
