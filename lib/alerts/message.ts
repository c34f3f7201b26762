// An alert as the channels say it: one line of text, a title, and the JSON a webhook receives.
import type { AlertMessageEvent } from "@/lib/db/alert-channels";
import type { AlertRow } from "@/lib/db/alerts";

export type AlertMessage = {
  event: AlertMessageEvent;
  title: string;
  text: string;
  /** ntfy's priority: 4 (high) when opened, 3 (default) otherwise. */
  priority: 3 | 4;
  alert: {
    id: string;
    rule: string;
    project: string | null;
    service: string | null;
    environment: string | null;
    openedAt: string;
    resolvedAt: string | null;
    detail: string;
  } | null;
};

/** The message of an alert that opened or resolved. */
export const alertMessage = ({
  alert,
  event,
}: {
  alert: AlertRow;
  event: "opened" | "resolved";
}): AlertMessage => {
  const title = event === "opened" ? `[ALERT] ${alert.title}` : `[RESOLVED] ${alert.title}`;
  const detail = event === "opened" ? alert.detail : (alert.resolvedDetail ?? "The condition cleared.");
  return {
    event,
    title,
    text: `${title} — ${detail}`,
    priority: event === "opened" ? 4 : 3,
    alert: {
      id: alert.id,
      rule: alert.rule,
      project: alert.project,
      service: alert.service,
      environment: alert.environment,
      openedAt: alert.openedAt.toISOString(),
      resolvedAt: alert.resolvedAt?.toISOString() ?? null,
      detail: alert.detail,
    },
  };
};

/** The message "send test" sends. */
export const testMessage = ({ channel, by }: { channel: string; by: string }): AlertMessage => ({
  event: "test",
  title: "[TEST] OllamaMax alert channel",
  text: `[TEST] OllamaMax alert channel "${channel}" works (sent by ${by}).`,
  priority: 3,
  alert: null,
});

/** The webhook body: Slack reads `text`, Discord `content`; the rest is for anything else. */
export const webhookBody = (message: AlertMessage) => ({
  text: message.text,
  content: message.text.slice(0, 2000),
  event: message.event,
  title: message.title,
  alert: message.alert,
});
