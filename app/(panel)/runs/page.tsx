import { listRuns } from "@/lib/db/runs";

export const dynamic = "force-dynamic";

const RunsPage = async () => {
  const { runs, total } = await listRuns();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Runs</h1>
      {total === 0 ? (
        <p className="text-sm text-zinc-500">No runs yet. Every deploy and teardown is recorded here.</p>
      ) : (
        <table className="w-full text-left text-sm">
          <thead className="text-zinc-500">
            <tr>
              <th className="py-2">Started</th>
              <th>Topology</th>
              <th>Strategy</th>
              <th>Status</th>
              <th>Duration (s)</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id} className="border-t border-zinc-200 dark:border-zinc-800">
                <td className="py-2">{run.startedAt.toISOString()}</td>
                <td>{run.topology}</td>
                <td>{run.strategy}</td>
                <td>{run.status}</td>
                <td>
                  {run.finishedAt
                    ? ((run.finishedAt.getTime() - run.startedAt.getTime()) / 1000).toFixed(1)
                    : "—"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
};

export default RunsPage;
