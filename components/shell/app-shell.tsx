import Link from "next/link";
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { HeartbeatIndicator } from "@/components/realtime/heartbeat-indicator";

const NAV = [
  { href: "/", label: "Dashboard", admin: false },
  { href: "/runs", label: "Runs", admin: false },
  { href: "/compare", label: "Compare", admin: false },
  { href: "/experiments", label: "Experiments", admin: false },
  { href: "/alerts", label: "Alerts", admin: false },
  { href: "/topology", label: "Topology", admin: false },
  { href: "/settings/environments", label: "Environments", admin: false },
  { href: "/admin/users", label: "Users", admin: true },
  { href: "/admin/audit", label: "Audit", admin: true },
  { href: "/admin/data", label: "Data", admin: true },
] as const;

type ShellUser = { username: string; role: string };

/** The frame of every signed-in page: navigation, engine status, live link and the user. */
export const AppShell = ({
  badge,
  user,
  children,
}: {
  badge: ReactNode;
  user: ShellUser;
  children: ReactNode;
}) => (
  <div className="flex min-h-screen flex-col">
    <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <div className="mx-auto flex max-w-7xl items-center gap-6 px-4 py-3">
        <span className="font-semibold tracking-tight">OllamaMax</span>
        <nav aria-label="Main" className="flex gap-4 text-sm">
          {NAV.filter((item) => !item.admin || user.role === "admin").map((item) => (
            <Link
              key={item.href}
              href={item.href}
              data-tour={item.href === "/compare" ? "compare" : undefined}
              className="text-zinc-600 hover:text-zinc-950 dark:text-zinc-300 dark:hover:text-white"
            >
              {item.label}
            </Link>
          ))}
        </nav>
        <div className="ml-auto flex items-center gap-3">
          {badge}
          <HeartbeatIndicator />
          <Link
            href="/settings/tokens"
            className="text-xs text-zinc-500 hover:underline"
            data-testid="current-user"
          >
            {user.username} · {user.role}
          </Link>
          <Link href="/settings/security" className="text-xs text-zinc-500 hover:underline">
            Security
          </Link>
          <SignOutButton />
        </div>
      </div>
    </header>
    <main className="mx-auto w-full max-w-7xl flex-1 px-4 py-6">{children}</main>
  </div>
);
