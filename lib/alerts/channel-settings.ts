// What an admin gives to add a channel, validated at the boundary: URLs must be http(s), an SMTP
// port 1–65535. Secrets (headers, tokens, the SMTP password) are split off and sealed at rest.
import { z } from "zod";

export const CHANNEL_KINDS = ["webhook", "ntfy", "email"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

const httpUrl = z
  .string()
  .max(2000)
  .refine((v) => {
    try {
      const url = new URL(v);
      return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
    } catch {
      return false;
    }
  }, "must be an http:// or https:// URL");

const email = z.email("must be an email address").max(320);
const name = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "1-40 lower-case letters, digits, - and _");
const maxPerMinute = z.number().int().min(1, "must be at least 1").max(600).optional();

const ZWebhook = z
  .object({
    kind: z.literal("webhook"),
    name,
    url: httpUrl,
    /** Sent with every request (an Authorization header, say); sealed at rest. */
    headers: z
      .record(z.string().regex(/^[A-Za-z0-9-]{1,64}$/, "a header name"), z.string().max(2000))
      .optional(),
    maxPerMinute,
  })
  .strict();

const ZNtfy = z
  .object({
    kind: z.literal("ntfy"),
    name,
    /** The topic's URL, e.g. https://ntfy.example.org/ollamamax-alerts. */
    url: httpUrl,
    /** An access token (sent as a Bearer); sealed at rest. */
    token: z.string().min(1).max(500).optional(),
    maxPerMinute,
  })
  .strict();

const ZEmail = z
  .object({
    kind: z.literal("email"),
    name,
    host: z.string().min(1, "the SMTP server's host name").max(253),
    port: z
      .number()
      .int("must be a whole number")
      .min(1, "must be between 1 and 65535")
      .max(65535, "must be between 1 and 65535"),
    /** "tls": TLS from the start (port 465); "starttls": upgrade when the server offers it; "none". */
    security: z.enum(["tls", "starttls", "none"]).default("starttls"),
    username: z.string().max(320).optional(),
    /** Sealed at rest. */
    password: z.string().max(500).optional(),
    from: email,
    to: z.array(email).min(1, "at least one recipient").max(20),
    maxPerMinute,
  })
  .strict();

/** The body of POST /api/v1/alert-channels. */
export const ZNewChannel = z.discriminatedUnion("kind", [ZWebhook, ZNtfy, ZEmail]);
export type NewChannel = z.infer<typeof ZNewChannel>;

/** Settings that are not secret, stored as they are and shown to admins. */
export const ZChannelSettings = z.discriminatedUnion("kind", [
  ZWebhook.pick({ kind: true, url: true }),
  ZNtfy.pick({ kind: true, url: true }),
  ZEmail.pick({ kind: true, host: true, port: true, security: true, username: true, from: true, to: true }),
]);
export type ChannelSettings = z.infer<typeof ZChannelSettings>;

/** The secrets, sealed at rest. */
export const ZChannelSecret = z
  .object({
    headers: z.record(z.string(), z.string()).optional(),
    token: z.string().optional(),
    password: z.string().optional(),
  })
  .strict();
export type ChannelSecret = z.infer<typeof ZChannelSecret>;

/** Splits a new channel into what is shown and what is sealed (null: no secret). */
export const splitChannel = (
  channel: NewChannel,
): { settings: ChannelSettings; secret: ChannelSecret | null } => {
  switch (channel.kind) {
    case "webhook":
      return {
        settings: { kind: "webhook", url: channel.url },
        secret:
          channel.headers && Object.keys(channel.headers).length > 0 ? { headers: channel.headers } : null,
      };
    case "ntfy":
      return {
        settings: { kind: "ntfy", url: channel.url },
        secret: channel.token ? { token: channel.token } : null,
      };
    case "email": {
      const { kind, host, port, security, username, from, to } = channel;
      return {
        settings: { kind, host, port, security, username, from, to },
        secret: channel.password ? { password: channel.password } : null,
      };
    }
  }
};
