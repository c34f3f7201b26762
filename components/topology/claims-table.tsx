import type { TopologyAnalysis } from "@/lib/compose";
import type { ClaimedFigures } from "@/lib/catalog/claimed-figures";
import { formatBytes, formatCpus } from "@/lib/format";

/** The guide's claims next to what the compose file actually says. */
export const ClaimsTable = ({ analysis, claims }: { analysis: TopologyAnalysis; claims: ClaimedFigures }) => {
  const rows: [string, string, string][] = [
    ["Services", claims.services === null ? "—" : String(claims.services), String(analysis.services.length)],
    ["Max dependency depth", `${claims.maxDepth} levels`, `${analysis.maxDepth} levels`],
    [
      "Dependency relationships",
      String(claims.relationships),
      `${analysis.relationships.count} depends_on edges`,
    ],
    ["CPU allocated (limits)", `${claims.cpus} cores`, formatCpus(analysis.allocation.cpusLimit)],
    ["Memory allocated (limits)", `${claims.memoryGb} GB`, formatBytes(analysis.allocation.memoryLimitBytes)],
    ["Startup", `${claims.startupSeconds} s`, "measured per run (Runs, Compare)"],
    ["Node addition", `${claims.nodeAdditionSeconds} s`, "measured by Add worker node (Compare)"],
  ];
  return (
    <table className="w-full text-left text-sm" data-testid="claims-table">
      <thead className="text-zinc-500">
        <tr>
          <th className="py-1" />
          <th>The guide claims</th>
          <th>The file says</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, claim, fact]) => (
          <tr key={label} className="border-t border-zinc-200 dark:border-zinc-800">
            <td className="py-1">{label}</td>
            <td className="text-zinc-500 italic">{claim}</td>
            <td>{fact}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
};
