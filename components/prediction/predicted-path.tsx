import { formatMs } from "@/lib/format";
import type { PredictedLink } from "@/lib/prediction/model";

type Props = { path: PredictedLink[]; neverMeasured: string[]; testId?: string };

/** A predicted critical path as one line of links (service start → ready), never-measured ones flagged. */
export const PredictedPath = ({ path, neverMeasured, testId = "predicted-path" }: Props) => (
  <ol className="flex flex-wrap gap-1 text-xs" data-testid={testId}>
    {path.map((link, index) => (
      <li key={link.service} className="flex items-center gap-1">
        {index > 0 && <span className="text-zinc-400">→</span>}
        <span className="rounded bg-zinc-100 px-1.5 py-0.5 dark:bg-zinc-800">
          {link.service} {formatMs(link.readyMs - link.startMs)}
          {neverMeasured.includes(link.service) && (
            <span className="ml-1 text-amber-600" title="never measured: its health check's timing stands in">
              (not measured)
            </span>
          )}
        </span>
      </li>
    ))}
  </ol>
);
