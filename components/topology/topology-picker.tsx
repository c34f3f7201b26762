import Link from "next/link";

/** The row of topology names of a topology sub-page (`/topology/history?name=…`, `/topology/logs?name=…`). */
export const TopologyPicker = ({
  entries,
  name,
  path,
  keep = {},
}: {
  entries: string[];
  name: string | null;
  path: string;
  /** Other query parameters the links keep (the History page's environment). */
  keep?: Record<string, string>;
}) => (
  <nav aria-label="Topologies" className="flex flex-wrap gap-2">
    {entries.map((entry) => (
      <Link
        key={entry}
        href={`${path}?${new URLSearchParams({ name: entry, ...keep })}`}
        className={`rounded-full border px-3 py-1 text-sm ${entry === name ? "border-zinc-900 bg-zinc-900 text-white dark:border-zinc-100 dark:bg-zinc-100 dark:text-zinc-900" : "border-zinc-300 dark:border-zinc-700"}`}
      >
        {entry}
      </Link>
    ))}
  </nav>
);
