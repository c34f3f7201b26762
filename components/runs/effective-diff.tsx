// Two runs' effective compose files, line by line: what the baseline deployed against another run.
import { diffHunks, lineDiff } from "@/lib/runs/line-diff";

const TONE = {
  same: "text-zinc-500",
  gap: "text-zinc-400",
  added: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
  removed: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200",
} as const;
const MARK = { same: " ", gap: " ", added: "+", removed: "-" } as const;

export const EffectiveDiff = ({ before, after, label }: { before: string; after: string; label: string }) => {
  const lines = diffHunks(lineDiff({ before, after }));
  const changed = lines.filter((l) => l.kind === "added" || l.kind === "removed").length;
  return (
    <details className="rounded border border-zinc-200 p-2 dark:border-zinc-800" open={changed > 0}>
      <summary className="cursor-pointer text-sm">
        {label}: {changed === 0 ? "identical effective files" : `${changed} changed lines`}
      </summary>
      {changed > 0 && (
        <pre className="mt-2 max-h-96 overflow-auto text-xs" data-testid="effective-diff">
          {lines.map((line, i) => (
            <div key={i} className={TONE[line.kind]}>
              {MARK[line.kind]} {line.text}
            </div>
          ))}
        </pre>
      )}
    </details>
  );
};
