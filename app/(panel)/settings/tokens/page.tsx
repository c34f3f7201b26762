import { TokensManager } from "@/components/admin/tokens-manager";
import { requirePageRole } from "@/lib/auth/page";
import { listTokens } from "@/lib/db/tokens";

export const dynamic = "force-dynamic";

const TokensPage = async () => {
  const principal = await requirePageRole("viewer");
  const tokens = await listTokens({ userId: principal.role === "admin" ? null : principal.userId });
  const rows = tokens.map((t) => ({
    ...t,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  }));
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">API tokens</h1>
      <p className="text-sm text-zinc-500">
        For automation: send <code>Authorization: Bearer &lt;token&gt;</code> to the REST API. A token never
        has more rights than its owner. Only a hash is stored. A scope of <code>deploy:&lt;topology&gt;</code>{" "}
        limits an operator token to deploying that one topology (and reading). Changing a user&apos;s password
        revokes all of their tokens.
      </p>
      <TokensManager tokens={rows} maxRole={principal.role} />
    </div>
  );
};

export default TokensPage;
