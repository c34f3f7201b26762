import type { Allocation, Topology, TopologyAnalysis } from "@/lib/compose";
import { formatBytes, formatCpus } from "@/lib/format";

const cells = (a: Allocation) => [
  formatCpus(a.cpusLimit),
  formatBytes(a.memoryLimitBytes),
  formatCpus(a.cpusReservation),
  formatBytes(a.memoryReservationBytes),
];

/** Limits and reservations per service, per phase and in total. */
export const ResourceTable = ({ topology, analysis }: { topology: Topology; analysis: TopologyAnalysis }) => (
  <table className="w-full text-left text-sm" data-testid="resource-table">
    <thead className="text-zinc-500">
      <tr>
        <th className="py-1">Service</th>
        <th>Phase</th>
        <th>CPU limit</th>
        <th>Memory limit</th>
        <th>CPU reserved</th>
        <th>Memory reserved</th>
      </tr>
    </thead>
    <tbody>
      {topology.services.map((s) => (
        <tr key={s.name} className="border-t border-zinc-200 dark:border-zinc-800">
          <td className="py-1">{s.name}</td>
          <td>{analysis.phases.find((p) => p.services.includes(s.name))?.name}</td>
          <td>{s.resources.cpusLimit === null ? "uncapped" : formatCpus(s.resources.cpusLimit)}</td>
          <td>
            {s.resources.memoryLimitBytes === null ? "uncapped" : formatBytes(s.resources.memoryLimitBytes)}
          </td>
          <td>{formatCpus(s.resources.cpusReservation)}</td>
          <td>{formatBytes(s.resources.memoryReservationBytes)}</td>
        </tr>
      ))}
      {analysis.phases.map((p) => (
        <tr
          key={p.name}
          className="border-t border-zinc-300 text-zinc-600 dark:border-zinc-700 dark:text-zinc-400"
        >
          <td className="py-1" colSpan={2}>
            Phase {p.name}
          </td>
          {cells(p.allocation).map((c, i) => (
            <td key={i}>{c}</td>
          ))}
        </tr>
      ))}
      <tr className="border-t-2 border-zinc-400 font-semibold">
        <td className="py-1" colSpan={2}>
          Total (capped services)
        </td>
        {cells(analysis.allocation).map((c, i) => (
          <td key={i} data-testid={`total-${i}`}>
            {c}
          </td>
        ))}
      </tr>
    </tbody>
  </table>
);
