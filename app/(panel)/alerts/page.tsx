import { AlertChannelActions } from "@/components/alerts/alert-channel-actions";
import { NewAlertChannelForm } from "@/components/alerts/new-alert-channel-form";
import { pageCount, Pager } from "@/components/ui/pager";
import { alertsPageModel, RESOLVED_PAGE_SIZE, type AlertLine } from "@/lib/alerts/alerts-page-model";
import { requirePageRole } from "@/lib/auth/page";

export const dynamic = "force-dynamic";

const AlertTable = ({
  alerts,
  label,
  resolved,
}: {
  alerts: AlertLine[];
  label: string;
  resolved: boolean;
}) => (
  <table className="w-full text-left text-sm" aria-label={label}>
    <thead className="text-zinc-500">
      <tr>
        <th className="py-2">Opened (UTC)</th>
        <th>Alert</th>
        <th>Where</th>
        <th>Detail</th>
        <th>{resolved ? "Resolved (UTC)" : "Seen (times)"}</th>
      </tr>
    </thead>
    <tbody>
      {alerts.map((a) => (
        <tr
          key={a.id}
          className="border-t border-zinc-200 align-top dark:border-zinc-800"
          data-testid={`alert-${a.rule}`}
        >
          <td className="py-2 font-mono text-xs">{a.openedAt.replace("T", " ").slice(0, 19)}</td>
          <td className="font-medium">{a.title}</td>
          <td className="text-xs">{a.where}</td>
          <td className="text-xs">
            {a.detail}
            {a.resolvedDetail && <div className="text-green-700 dark:text-green-400">{a.resolvedDetail}</div>}
          </td>
          <td className="font-mono text-xs">
            {resolved ? (a.resolvedAt ?? "").replace("T", " ").slice(0, 19) : a.seen}
          </td>
        </tr>
      ))}
    </tbody>
  </table>
);

/** Alerts: open ones, their history, the rules; admins also manage the channels alerts go to. */
const AlertsPage = async ({ searchParams }: { searchParams: Promise<{ page?: string }> }) => {
  const principal = await requirePageRole("viewer");
  const admin = principal.role === "admin";
  const page = Math.max(1, Number((await searchParams).page) || 1);
  const model = await alertsPageModel({ page, admin });
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Alerts</h1>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Open ({model.open.length})</h2>
        {model.open.length === 0 ? (
          <p className="text-sm text-zinc-500" data-testid="no-open-alerts">
            Nothing is wrong that the rules can see.
          </p>
        ) : (
          <AlertTable alerts={model.open} label="Open alerts" resolved={false} />
        )}
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Resolved ({model.resolvedTotal})</h2>
        <AlertTable alerts={model.resolved} label="Resolved alerts" resolved />
        <Pager
          page={model.page}
          pages={pageCount(model.resolvedTotal, RESOLVED_PAGE_SIZE)}
          href={(p) => `/alerts?page=${p}`}
        />
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Channels</h2>
        {model.channels === null ? (
          <p className="text-sm text-zinc-500">Only an admin sees and changes where alerts are sent.</p>
        ) : (
          <>
            <p className="text-sm text-zinc-500">
              The panel sends every alert that opens or resolves to each channel, from this host. Secrets
              (headers, tokens, passwords) are stored encrypted and never shown again.
            </p>
            <NewAlertChannelForm />
            <table className="w-full text-left text-sm" aria-label="Alert channels">
              <thead className="text-zinc-500">
                <tr>
                  <th className="py-2">Name</th>
                  <th>Kind</th>
                  <th>Sends to</th>
                  <th>Last sent / last failure</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {model.channels.map((c) => (
                  <tr
                    key={c.id}
                    className="border-t border-zinc-200 align-top dark:border-zinc-800"
                    data-testid={`channel-${c.name}`}
                  >
                    <td className="py-2 font-medium">{c.name}</td>
                    <td>{c.kind}</td>
                    <td className="break-all font-mono text-xs">
                      {c.settings.kind === "email"
                        ? `${c.settings.host}:${c.settings.port} → ${c.settings.to.join(", ")}`
                        : c.settings.url}
                    </td>
                    <td className="text-xs">
                      <div>{c.lastSentAt ? `sent ${c.lastSentAt.toISOString()}` : "nothing sent yet"}</div>
                      {c.lastError && (
                        <div className="text-red-600" data-testid="channel-last-error">
                          failed {c.lastErrorAt?.toISOString()}: {c.lastError}
                        </div>
                      )}
                    </td>
                    <td>
                      <AlertChannelActions id={c.id} name={c.name} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Rules</h2>
        <p className="text-sm text-zinc-500">
          All on by default; an admin turns one off or changes its threshold per project (POST
          /api/v1/alert-rules/&#123;project&#125;).
        </p>
        <ul className="list-disc pl-6 text-sm">
          {model.rules.map((r) => (
            <li key={r.rule}>
              <b>{r.title}</b>: {r.description}
              {r.threshold !== null && ` (default ${r.threshold} ${r.unit})`}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
};

export default AlertsPage;
