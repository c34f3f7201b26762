// The Runs table: one row per stored run as the page model writes its cells; deploys and latency
// tests can be picked for Compare, and an operator can delete a run.
import Link from "next/link";
import { DeleteRunButton } from "@/components/runs/delete-run-button";
import { CompareCheckbox, CompareSelection } from "@/components/runs/compare-selection";
import type { RunsRow } from "@/lib/runs/runs-page-model";

export function RunsTable({ rows, canDelete }: { rows: RunsRow[]; canDelete: boolean }) {
  return (
    <CompareSelection>
      <table className="w-full text-left text-sm" data-testid="runs-table">
        <thead className="text-zinc-500">
          <tr>
            <th />
            <th className="py-2">Started (UTC)</th>
            <th>Topology</th>
            <th>Environment</th>
            <th>Strategy</th>
            <th>Kind</th>
            <th>Result</th>
            <th>Total</th>
            <th>Fit · data</th>
            <th title="ms from the request: first container created">Preparation</th>
            <th title="from the request: all services ready by their health commands">Ready (health cmds)</th>
            <th title="from the request: all services healthy by Docker">Healthy (Docker)</th>
            <th>First node ready</th>
            <th>CPU efficiency</th>
            <th>Latency p50</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((run) => (
            <tr
              key={run.id}
              data-testid="run-row"
              data-run-id={run.id}
              className="border-t border-zinc-200 dark:border-zinc-800"
            >
              <td className="pr-2">{run.comparable && <CompareCheckbox id={run.id} />}</td>
              <td className="py-1.5 whitespace-nowrap">
                <Link href={run.href} className="underline">
                  {run.startedUtc}
                </Link>
              </td>
              <td>{run.topology}</td>
              <td data-testid="run-environment">{run.environment}</td>
              <td>{run.strategy}</td>
              <td>{run.kind}</td>
              <td>
                {run.result}
                {run.regressionTitle && (
                  <span
                    data-testid="regression"
                    title={run.regressionTitle}
                    className="ml-1 rounded bg-amber-100 px-1 text-xs text-amber-800 dark:bg-amber-900/40 dark:text-amber-300"
                  >
                    regression
                  </span>
                )}
              </td>
              <td>{run.total}</td>
              <td data-testid="run-fit-data">{run.fitData}</td>
              <td>{run.preparation}</td>
              <td>{run.ready}</td>
              <td>{run.dockerHealthy}</td>
              <td>{run.firstNodeReady}</td>
              <td>{run.cpuEfficiency}</td>
              <td>{run.latencyP50}</td>
              <td>{canDelete && <DeleteRunButton id={run.id} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </CompareSelection>
  );
}
