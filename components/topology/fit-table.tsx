import type { FitResult, Topology } from "@/lib/compose";
import { formatBytes, formatCpus } from "@/lib/format";

const cpu = (value: number | null) => (value === null ? "uncapped" : formatCpus(value));
const memory = (value: number | null) => (value === null ? "uncapped" : formatBytes(value));

/** Per service: the limits the file writes, the limits the chosen fit mode applies, and why. */
export const FitTable = ({ written, fit }: { written: Topology; fit: FitResult }) => (
  <table className="w-full text-left text-sm" data-testid="fit-table" data-fit-mode={fit.mode}>
    <thead className="text-zinc-500">
      <tr>
        <th className="py-1">Service</th>
        <th>CPU written</th>
        <th>CPU applied</th>
        <th>Memory written</th>
        <th>Memory applied</th>
        <th>Why</th>
      </tr>
    </thead>
    <tbody>
      {written.services.map((service) => {
        const applied = fit.topology.services.find((s) => s.name === service.name)?.resources;
        const reasons = [...new Set(fit.changes.filter((c) => c.service === service.name).map((c) => c.why))];
        return (
          <tr
            key={service.name}
            data-service={service.name}
            className="border-t border-zinc-200 dark:border-zinc-800"
          >
            <td className="py-1">{service.name}</td>
            <td>{cpu(service.resources.cpusLimit)}</td>
            <td data-testid="cpu-applied">{cpu(applied?.cpusLimit ?? null)}</td>
            <td>{memory(service.resources.memoryLimitBytes)}</td>
            <td>{memory(applied?.memoryLimitBytes ?? null)}</td>
            <td className="text-xs text-zinc-600 dark:text-zinc-400">
              {reasons.length === 0 ? "as written" : reasons.join("; ")}
            </td>
          </tr>
        );
      })}
    </tbody>
  </table>
);
