import { DataTable, rowClass } from "@/components/ui/data-table";
import type { TopologyImagesView } from "@/lib/operations/topology-images";

/** Each service's image, pull_policy and replicas, with running containers whose tag now names a newer image. */
export const ImagesTable = ({ view }: { view: TopologyImagesView }) => (
  <div className="space-y-1" data-testid="topology-images" data-outdated={view.outdated}>
    {view.outdated > 0 && (
      <p
        role="status"
        className="rounded border border-amber-300 bg-amber-50 p-2 text-sm dark:border-amber-700 dark:bg-amber-950/40"
      >
        {view.outdated} running container(s) run an older image than their tag now names: redeploy to run the
        newer one.
      </p>
    )}
    {view.engineError && (
      <p className="text-sm text-zinc-500">What runs now is unknown: {view.engineError}</p>
    )}
    <DataTable columns={["Service", "Image", "pull_policy", "Replicas", "Running now"]}>
      {view.rows.map((row) => (
        <tr key={row.service} className={rowClass}>
          <td className="py-1">{row.service}</td>
          <td>
            <code>{row.image}</code>
          </td>
          <td>{row.pullPolicy}</td>
          <td>{row.replicas}</td>
          <td>
            {row.containers.length === 0
              ? "—"
              : row.containers.map((c) => (
                  <span
                    key={c.container}
                    className={`mr-2 ${c.imageOutdated ? "text-amber-600" : ""}`}
                    data-image-outdated={c.imageOutdated}
                  >
                    {c.container} ({c.state}
                    {c.imageOutdated ? ", newer image under its tag" : ""})
                  </span>
                ))}
          </td>
        </tr>
      ))}
    </DataTable>
  </div>
);
