// Where the rules' signals land: stored (deduplicated by key while open), counted in /metrics, and
// sent to every channel when an alert opens or resolves (never when it is only seen again).
import { openAlert, resolveAlert } from "@/lib/db/alerts";
import { getPanelMetrics } from "@/lib/metrics/panel-metrics";
import { redactorForProject } from "@/lib/secrets/run-redactors";
import { deliverToAll, type DeliveryResult } from "./delivery";
import { alertMessage } from "./message";
import type { AlertSignal } from "./signals";

export type SinkOutcome =
  | { kind: "opened" | "resolved"; alertId: string; deliveries: Promise<DeliveryResult[]> }
  | { kind: "deduplicated" | "nothing_open" };

/** Applies one signal: store, count, send. The deliveries run on (their promise is returned). */
export const applySignal = async (signal: AlertSignal): Promise<SinkOutcome> => {
  const metrics = getPanelMetrics();
  if (signal.kind === "open") {
    const { kind: _kind, ...raw } = signal;
    // What is stored goes to viewers and to every channel: redacted here, whatever rule wrote it (a
    // failed run's message may hold a value of its secrets).
    const redact = redactorForProject(raw.project ?? "");
    const alert = { ...raw, title: redact.text(raw.title), detail: redact.text(raw.detail) };
    const { alert: row, opened } = await openAlert(alert);
    if (!opened) return { kind: "deduplicated" };
    metrics.alertsOpened.inc({ rule: row.rule });
    return {
      kind: "opened",
      alertId: row.id,
      deliveries: deliverToAll({ message: alertMessage({ alert: row, event: "opened" }), alertId: row.id }),
    };
  }
  const row = await resolveAlert({ key: signal.key, detail: redactorForProject("").text(signal.detail) });
  if (!row) return { kind: "nothing_open" };
  metrics.alertsResolved.inc({ rule: row.rule });
  return {
    kind: "resolved",
    alertId: row.id,
    deliveries: deliverToAll({ message: alertMessage({ alert: row, event: "resolved" }), alertId: row.id }),
  };
};
