import type { ClusterStatus } from "@/lib/deploy/browser-types";
import { formatMs } from "@/lib/format";

/** What runs now, from Docker itself (the guide's `--status`), with links to the cluster's UIs. */
export const ClusterStatusView = ({
  status,
  error,
  links,
}: {
  status: ClusterStatus | null;
  error: string | null;
  links: { label: string; url: string }[];
}) => {
  const running = status?.services.filter((s) => s.state === "running").length ?? 0;
  return (
    <section
      aria-label="Cluster status"
      data-testid="cluster-status"
      data-containers={status?.services.length ?? 0}
      className="space-y-2"
    >
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <h3 className="font-semibold">Running now</h3>
        <span className="text-zinc-500">
          {status
            ? `${running}/${status.services.length} containers running · ${status.networks.length} networks`
            : "…"}
        </span>
        {running > 0 &&
          links.map((l) => (
            <a key={l.label} href={l.url} target="_blank" rel="noreferrer" className="text-xs underline">
              {l.label}
            </a>
          ))}
      </div>
      {error && (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      )}
      {status && status.services.length > 0 && (
        <table className="w-full text-left text-xs">
          <thead className="text-zinc-500">
            <tr>
              <th className="py-1">Service</th>
              <th>Container</th>
              <th>State</th>
              <th>Health</th>
              <th>Uptime</th>
              <th>Ports</th>
              <th>Image</th>
            </tr>
          </thead>
          <tbody>
            {status.services.map((s) => (
              <tr key={s.id} className="border-t border-zinc-200 dark:border-zinc-800">
                <td className="py-1">{s.service}</td>
                <td>{s.container}</td>
                <td>{s.state}</td>
                <td>{s.health ?? "—"}</td>
                <td>{formatMs(s.uptimeMs)}</td>
                <td>{s.ports.map((p) => `${p.hostIp}:${p.hostPort}→${p.containerPort}`).join(", ")}</td>
                <td data-image-outdated={s.imageOutdated}>
                  {s.imageOutdated ? (
                    <span
                      className="text-amber-600"
                      title={`runs ${s.imageId?.slice(7, 19)}; ${s.image} now names ${s.taggedImageId?.slice(7, 19)}: redeploy to run it`}
                    >
                      newer image under {s.image}
                    </span>
                  ) : (
                    "current"
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
};
