// Plain aligned columns for a terminal or a pipe (no colours: scripts read them too).

/** Rows under their headers, each column as wide as its widest cell, two spaces apart. */
export const formatTable = (headers: string[], rows: (string | number | null | undefined)[][]): string => {
  const cells = [
    headers,
    ...rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? "-" : String(cell)))),
  ];
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? "").length)));
  return cells
    .map((row) =>
      row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  "),
    )
    .join("\n");
};
