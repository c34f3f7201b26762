import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { EngineBadge } from "@/components/shell/engine-badge";
import { engineStatus } from "@/lib/docker/engine";
import "./globals.css";

export const metadata: Metadata = {
  title: "OllamaMax Control Panel",
  description: "Deploy, measure and compare the OllamaMax training cluster",
};

export const dynamic = "force-dynamic";

const RootLayout = async ({ children }: { children: ReactNode }) => {
  const engine = await engineStatus();
  return (
    <html lang="en">
      <body className="min-h-screen bg-zinc-50 text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        <AppShell badge={<EngineBadge engine={engine} />}>{children}</AppShell>
      </body>
    </html>
  );
};

export default RootLayout;
