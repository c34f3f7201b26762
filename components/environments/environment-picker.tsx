"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useHydrated } from "@/components/shell/use-hydrated";

/**
 * Which environment (Docker engine) a page shows: the `environment` query parameter, so a link
 * keeps it. On the dashboard it is also where a deploy goes.
 */
export const EnvironmentPicker = ({
  current,
  environments,
  allowAll = false,
}: {
  current: string;
  environments: string[];
  /** Offer "all" (lists that filter); a dashboard shows one engine. */
  allowAll?: boolean;
}) => {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const hydrated = useHydrated();
  const choose = (name: string) => {
    const next = new URLSearchParams(params.toString());
    if (name === (allowAll ? "" : "local")) next.delete("environment");
    else next.set("environment", name);
    next.delete("page");
    const query = next.toString();
    router.push(query ? `${pathname}?${query}` : pathname);
  };
  return (
    <label className="flex items-center gap-2 text-sm">
      Environment
      <select
        aria-label="Environment"
        value={current}
        disabled={!hydrated}
        onChange={(e) => choose(e.target.value)}
        className="rounded border border-zinc-300 bg-transparent px-2 py-1 dark:border-zinc-700"
      >
        {allowAll && <option value="">all</option>}
        {environments.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
};
