import type { RunSnapshot } from "@/lib/deploy/browser-types";
import { formatMs } from "@/lib/format";
import { areaStyle, barStyle, timelineEndMs, timelineSpan } from "./timeline-geometry";

/** A Gantt of the run: one bar per service from create to ready, phases shaded, critical path marked. */
export const RunTimeline = ({
  run,
  criticalPath,
  nowT,
}: {
  run: RunSnapshot;
  criticalPath: string[];
  nowT: number;
}) => {
  const end = timelineEndMs({ totalMs: run.result?.totalMs ?? null, nowT, lastT: run.lastT });
  const span = (fromMs: number, toMs: number) => timelineSpan({ fromMs, toMs, endMs: end });
  const services = run.phases.flatMap((p) => p.services);
  return (
    <section aria-label="Startup timeline" data-testid="run-timeline" className="space-y-1">
      <h3 className="text-sm font-semibold">
        Startup timeline{" "}
        <span className="font-normal text-zinc-500">(0 – {formatMs(end)}; critical path outlined)</span>
      </h3>
      <div className="relative space-y-0.5 rounded border border-zinc-200 p-2 dark:border-zinc-800">
        {run.phases.map((phase, i) =>
          phase.startedAt === null ? null : (
            <div
              key={phase.name}
              title={phase.name}
              className={`absolute top-0 bottom-0 ${i % 2 ? "bg-sky-100/60 dark:bg-sky-900/20" : "bg-violet-100/60 dark:bg-violet-900/20"}`}
              style={areaStyle(span(phase.startedAt, phase.readyAt ?? end))}
            />
          ),
        )}
        {services.map((service) => {
          const times = run.services[service]?.times ?? {};
          const from = times.creating ?? times.starting;
          const to =
            times.healthy ?? times.completed ?? times.failed ?? (from !== undefined ? end : undefined);
          return (
            <div key={service} className="relative flex items-center gap-2 text-xs">
              <span className="w-32 shrink-0 truncate">{service}</span>
              <div className="relative h-3 flex-1">
                {from !== undefined && to !== undefined && (
                  <div
                    data-testid={`bar-${service}`}
                    title={`${service}: ${formatMs(from)} → ${formatMs(to)}`}
                    className={`absolute h-3 rounded ${times.failed !== undefined ? "bg-red-500" : times.healthy !== undefined || times.completed !== undefined ? "bg-emerald-500" : "bg-sky-500"} ${criticalPath.includes(service) ? "ring-2 ring-rose-500" : ""}`}
                    style={barStyle(span(from, to))}
                  />
                )}
              </div>
            </div>
          );
        })}
      </div>
    </section>
  );
};
