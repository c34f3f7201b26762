// A line diff (longest common subsequence) of two texts, for two runs' effective compose files.
// Pure; files are a few hundred lines, so the quadratic table is small.

export type DiffLine = { kind: "same" | "added" | "removed"; text: string };

/** The lines of `after` against `before`: kept, removed (only in before) and added (only in after). */
export const lineDiff = ({ before, after }: { before: string; after: string }): DiffLine[] => {
  const a = before.split("\n");
  const b = after.split("\n");
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i -= 1)
    for (let j = b.length - 1; j >= 0; j -= 1)
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: DiffLine[] = [];
  let [i, j] = [0, 0];
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push({ kind: "same", text: a[i]! });
      i += 1;
      j += 1;
    } else if (i < a.length && (j >= b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      out.push({ kind: "removed", text: a[i]! });
      i += 1;
    } else {
      out.push({ kind: "added", text: b[j]! });
      j += 1;
    }
  }
  return out;
};

/** Only the changed lines with `context` unchanged lines around each; gaps become one "…" line. */
export const diffHunks = (lines: DiffLine[], context = 2): (DiffLine | { kind: "gap"; text: string })[] => {
  const near = lines.map((_, index) =>
    lines.slice(Math.max(0, index - context), index + context + 1).some((l) => l.kind !== "same"),
  );
  const out: (DiffLine | { kind: "gap"; text: string })[] = [];
  lines.forEach((line, index) => {
    if (near[index]) out.push(line);
    else if (out.at(-1)?.kind !== "gap") out.push({ kind: "gap", text: "…" });
  });
  return out;
};
