import type { ReactNode } from "react";

/** A column heading: its text, and a tooltip saying what the column measures when the text cannot. */
export type Column = string | { label: ReactNode; title?: string; key?: string };

/** The panel's table: muted headings, a rule between rows; rows are the caller's `<tr>`s. */
export const DataTable = ({
  columns,
  children,
  testId,
}: {
  columns: Column[];
  children: ReactNode;
  testId?: string;
}) => (
  <table className="w-full text-left text-sm" data-testid={testId}>
    <thead className="text-zinc-500">
      <tr>
        {columns.map((c, i) =>
          typeof c === "string" ? (
            <th key={i} className="py-1">
              {c}
            </th>
          ) : (
            <th key={c.key ?? i} className="py-1" title={c.title}>
              {c.label}
            </th>
          ),
        )}
      </tr>
    </thead>
    <tbody>{children}</tbody>
  </table>
);

/** A row of a DataTable, with the rule above it. */
export const rowClass = "border-t border-zinc-200 dark:border-zinc-800";
