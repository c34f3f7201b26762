import Link from "next/link";
import { ExperimentForm } from "@/components/experiments/experiment-form";
import { DataTable, rowClass } from "@/components/ui/data-table";
import { requirePageRole } from "@/lib/auth/page";
import { hasRole } from "@/lib/auth/roles";
import { experimentsPageModel } from "@/lib/operations/experiment-view";

export const dynamic = "force-dynamic";

const ExperimentsPage = async () => {
  const principal = await requirePageRole("viewer");
  const { experiments, form } = await experimentsPageModel();
  return (
    <div className="space-y-6" data-testid="experiments">
      <h1 className="text-2xl font-semibold">Experiments</h1>
      <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
        Variants × repetitions, run unattended and interleaved, judged against a baseline: ratio of medians
        with a 95 % bootstrap interval, Mann–Whitney p (Holm-adjusted), Cliff&apos;s delta, and one sentence
        you can quote.
      </p>
      {hasRole({ actual: principal.role, needed: "operator" }) ? (
        <ExperimentForm options={form} />
      ) : (
        <p className="text-sm text-zinc-500">Viewers read experiments; an operator starts them.</p>
      )}
      <DataTable
        columns={["Experiment", "Variants", "Status", "Progress", "Started"]}
        testId="experiment-list"
      >
        {experiments.map((e) => (
          <tr key={e.id} className={rowClass}>
            <td className="py-1">
              <Link className="underline" href={`/experiments/${e.id}`}>
                {e.name}
              </Link>
            </td>
            <td>{e.variants.join(" · ")}</td>
            <td>{e.status}</td>
            <td>
              {e.progress.completed} / {e.progress.total}
            </td>
            <td>{new Date(e.createdAt).toLocaleString()}</td>
          </tr>
        ))}
        {experiments.length === 0 && (
          <tr className={rowClass}>
            <td colSpan={5} className="py-2 text-zinc-500">
              No experiments yet.
            </td>
          </tr>
        )}
      </DataTable>
    </div>
  );
};

export default ExperimentsPage;
