// One of Compare's tables: a row per measure, a column per run, each cell with its change against
// the baseline (green the better way, red the worse) and a mark where the conditions differ.
import { CONDITIONS_MARK } from "@/components/runs/condition-differences";
import type { ChangeDirection, ComparePageModel } from "@/lib/runs/compare-page-model";

const TONE: Record<ChangeDirection, string> = {
  none: "text-zinc-500",
  better: "text-emerald-700 dark:text-emerald-400",
  worse: "text-red-700 dark:text-red-400",
};

export function CompareTable({
  table,
  headers,
}: {
  table: ComparePageModel["tables"][number];
  headers: ComparePageModel["headers"];
}) {
  return (
    <section className="space-y-2">
      <h2 className="text-lg font-semibold">{table.title}</h2>
      <table className="w-full text-left text-sm" data-testid={`compare-${table.title}`}>
        <thead className="text-zinc-500">
          <tr>
            <th className="py-1" />
            {headers.map((h, i) => (
              <th key={i} className="font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row) => (
            <tr
              key={row.label}
              data-row={row.label}
              className="border-t border-zinc-200 dark:border-zinc-800"
            >
              <td className="py-1">{row.label}</td>
              {row.cells.map((cell, i) => (
                <td key={i} data-value={cell.value ?? ""} data-change={cell.changePct ?? ""}>
                  {cell.text} <span className={TONE[cell.direction]}>{cell.changeText}</span>
                  {cell.conditionsDiffer && (
                    <span
                      data-testid="conditions-mark"
                      title="conditions differ from the baseline (see above the tables)"
                      className="text-amber-700 dark:text-amber-400"
                    >
                      {CONDITIONS_MARK}
                    </span>
                  )}
                  {cell.spreadText && <div className="text-xs text-zinc-500">{cell.spreadText}</div>}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
