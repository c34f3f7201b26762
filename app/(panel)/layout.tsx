import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { EngineBadge } from "@/components/shell/engine-badge";
import { requirePageRole } from "@/lib/auth/page";
import { pageEngineStatus } from "@/lib/docker/page-engine";

export const dynamic = "force-dynamic";

/** Every page in this group needs a signed-in user; pages needing more check it themselves. */
const PanelLayout = async ({ children }: { children: ReactNode }) => {
  const principal = await requirePageRole("viewer");
  const engine = await pageEngineStatus();
  return (
    <AppShell
      badge={<EngineBadge engine={engine} />}
      user={{ username: principal.username, role: principal.role }}
    >
      {children}
    </AppShell>
  );
};

export default PanelLayout;
