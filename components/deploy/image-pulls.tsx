"use client";
import type { RunSnapshot } from "@/lib/deploy/browser-types";

const mib = (bytes: number | null) => (bytes === null ? "?" : (bytes / 2 ** 20).toFixed(1));

/** One progress bar per layer of each image being pulled (only when a registry answers). */
export const ImagePulls = ({ images }: { images: RunSnapshot["images"] }) => {
  const entries = Object.entries(images);
  if (entries.length === 0) return null;
  return (
    <section aria-label="Image pulls" className="space-y-2 text-xs">
      {entries.map(([image, layers]) => (
        <div key={image}>
          <p className="font-medium">Pulling {image}</p>
          {Object.entries(layers).map(([layer, p]) => {
            const pct = p.total
              ? Math.round(((p.current ?? 0) / p.total) * 100)
              : p.status.startsWith("Pull complete")
                ? 100
                : 0;
            return (
              <div key={layer} className="flex items-center gap-2">
                <span className="w-24 font-mono">{layer.slice(0, 12)}</span>
                <div
                  className="h-1.5 flex-1 rounded bg-zinc-200 dark:bg-zinc-800"
                  role="progressbar"
                  aria-label={`layer ${layer}`}
                  aria-valuenow={pct}
                >
                  <div className="h-1.5 rounded bg-sky-500" style={{ width: `${pct}%` }} />
                </div>
                <span className="w-48 text-zinc-500">
                  {p.status} {p.total ? `${mib(p.current)}/${mib(p.total)} MiB` : ""}
                </span>
              </div>
            );
          })}
        </div>
      ))}
    </section>
  );
};
