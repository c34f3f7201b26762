// A run page's two tables: each phase's start, ready and duration, and each service's times since
// the request as the panel saw them beside Docker's own event timestamps.
import { DataTable, rowClass } from "@/components/ui/data-table";
import { formatMs } from "@/lib/format";
import type { RunPageModel } from "@/lib/runs/run-page-model";

export function RunPhaseAndServiceTables({ run }: { run: RunPageModel["run"] }) {
  return (
    <>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Phases</h2>
        <DataTable testId="phase-table" columns={["Phase", "Services", "Started", "Ready", "Duration"]}>
          {run.phases.map((p) => (
            <tr key={p.id} className={rowClass}>
              <td className="py-1">
                {p.index + 1}. {p.name}
              </td>
              <td>{p.services.join(", ")}</td>
              <td>{formatMs(p.startedAtMs)}</td>
              <td>{formatMs(p.readyAtMs)}</td>
              <td>
                {p.startedAtMs !== null && p.readyAtMs !== null ? formatMs(p.readyAtMs - p.startedAtMs) : "—"}
              </td>
            </tr>
          ))}
        </DataTable>
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">
          Services <span className="text-sm font-normal text-zinc-500">(seconds since the request)</span>
        </h2>
        <DataTable
          testId="service-table"
          columns={[
            "Service",
            "Phase",
            "State",
            "Created",
            "Started",
            "Running",
            "Ready (probe)",
            "Docker healthy",
            "Removed",
            "Probe",
            { label: "Docker: created · started · healthy", title: "Docker's own event timestamps" },
          ]}
        >
          {run.services.map((s) => (
            <tr key={s.id} className={rowClass}>
              <td className="py-1">{s.service}</td>
              <td>{s.phase}</td>
              <td>{s.state}</td>
              {[
                s.createdAtMs,
                s.startedAtMs,
                s.runningAtMs,
                s.readyAtMs,
                s.dockerHealthyAtMs,
                s.removedAtMs,
              ].map((v, i) => (
                <td key={i}>{formatMs(v)}</td>
              ))}
              <td>{s.probeKind ?? "—"}</td>
              <td>
                {[s.engineCreatedAtMs, s.engineStartedAtMs, s.engineHealthyAtMs]
                  .map((v) => formatMs(v))
                  .join(" · ")}
              </td>
            </tr>
          ))}
        </DataTable>
      </section>
    </>
  );
}
