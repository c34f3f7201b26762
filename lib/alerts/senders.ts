// Sends one message over one channel: a webhook (JSON), ntfy (a POST to the topic) or email (SMTP).
// Throws with a sentence saying what failed; the delivery loop retries and records it.
import nodemailer from "nodemailer";
import type { ChannelSecret, ChannelSettings } from "./channel-settings";
import { webhookBody, type AlertMessage } from "./message";

/** One attempt's time limit. */
export const SEND_TIMEOUT_MS = 10_000;

export type SendOptions = { settings: ChannelSettings; secret: ChannelSecret | null; message: AlertMessage };

const post = async ({
  url,
  headers,
  body,
}: {
  url: string;
  headers: Record<string, string>;
  body: string;
}): Promise<void> => {
  // No redirects: the admin named this URL, not whatever it points to next.
  const response = await fetch(url, {
    method: "POST",
    headers,
    body,
    redirect: "manual",
    signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
  });
  await response.body?.cancel().catch(() => undefined);
  if (response.status < 200 || response.status > 299)
    throw new Error(`${new URL(url).host} answered HTTP ${response.status}`);
};

const sendEmail = async ({
  settings,
  secret,
  message,
}: SendOptions & { settings: Extract<ChannelSettings, { kind: "email" }> }): Promise<void> => {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.security === "tls",
    ignoreTLS: settings.security === "none",
    requireTLS: false,
    auth: settings.username ? { user: settings.username, pass: secret?.password ?? "" } : undefined,
    connectionTimeout: SEND_TIMEOUT_MS,
    greetingTimeout: SEND_TIMEOUT_MS,
    socketTimeout: SEND_TIMEOUT_MS,
  });
  try {
    await transport.sendMail({
      from: settings.from,
      to: settings.to,
      subject: message.title,
      text: `${message.text}\n\n${message.alert ? JSON.stringify(message.alert, null, 2) : ""}`.trimEnd(),
    });
  } finally {
    transport.close();
  }
};

/** Sends the message once; throws on any failure. */
export const sendOnce = async ({ settings, secret, message }: SendOptions): Promise<void> => {
  switch (settings.kind) {
    case "webhook":
      return post({
        url: settings.url,
        headers: { ...secret?.headers, "content-type": "application/json" },
        body: JSON.stringify(webhookBody(message)),
      });
    case "ntfy":
      return post({
        url: settings.url,
        headers: {
          "content-type": "text/plain; charset=utf-8",
          // ntfy reads these headers; a title must be plain ASCII in a header.
          title: message.title.replace(/[^\x20-\x7e]/g, "?"),
          priority: String(message.priority),
          tags:
            message.event === "opened"
              ? "warning"
              : message.event === "resolved"
                ? "white_check_mark"
                : "test_tube",
          ...(secret?.token ? { authorization: `Bearer ${secret.token}` } : {}),
        },
        body: message.text,
      });
    case "email":
      return sendEmail({ settings, secret, message });
  }
};
