// The Runs page's filters: one select per stored choice ("all …" is no filter) and the count.
import type { RunsPageModel } from "@/lib/runs/runs-page-model";

const SELECT = "rounded border border-zinc-300 bg-transparent px-2 py-1 dark:border-zinc-700";

export function RunsFilterForm({
  filters,
  topologies,
  strategies,
  environmentNames,
  statuses,
  total,
  page,
  pages,
}: Pick<
  RunsPageModel,
  "filters" | "topologies" | "strategies" | "environmentNames" | "statuses" | "total" | "page" | "pages"
>) {
  return (
    <form className="flex flex-wrap items-end gap-2 text-sm" aria-label="Filter runs">
      <select name="topology" defaultValue={filters.topology ?? ""} aria-label="Topology" className={SELECT}>
        <option value="">all topologies</option>
        {topologies.map((t) => (
          <option key={t}>{t}</option>
        ))}
      </select>
      <select name="strategy" defaultValue={filters.strategy ?? ""} aria-label="Strategy" className={SELECT}>
        <option value="">all strategies</option>
        {strategies.map((s) => (
          <option key={s}>{s}</option>
        ))}
      </select>
      <select
        name="environment"
        defaultValue={filters.environment ?? ""}
        aria-label="Environment"
        className={SELECT}
      >
        <option value="">all environments</option>
        {environmentNames.map((e) => (
          <option key={e.id}>{e.name}</option>
        ))}
      </select>
      <select name="status" defaultValue={filters.status ?? ""} aria-label="Result" className={SELECT}>
        <option value="">all results</option>
        {statuses.map((s) => (
          <option key={s}>{s}</option>
        ))}
      </select>
      <button type="submit" className="rounded border border-zinc-400 px-3 py-1">
        Filter
      </button>
      <span className="ml-auto text-zinc-500">
        {total} runs · page {page} of {pages}
      </span>
    </form>
  );
}
