// Alert channels (lib/alerts/channels.ts) and their deliveries. Secrets stay sealed here; no query
// that lists returns them.
import { getPrisma } from "./client";

export type AlertChannelView = {
  id: string;
  name: string;
  kind: string;
  /** JSON of the settings that are not secret. */
  settings: string;
  hasSecret: boolean;
  maxPerMinute: number;
  createdAt: Date;
  createdBy: string | null;
  lastSentAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
};

export type SealedAlertChannel = AlertChannelView & { secretSealed: string | null };

type Row = Awaited<ReturnType<ReturnType<typeof getPrisma>["alertChannel"]["findFirstOrThrow"]>>;

const sealedOf = (row: Row): SealedAlertChannel => ({
  id: row.id,
  name: row.name,
  kind: row.kind,
  settings: row.settings,
  hasSecret: row.secretSealed !== null,
  maxPerMinute: row.maxPerMinute,
  createdAt: row.createdAt,
  createdBy: row.createdBy,
  lastSentAt: row.lastSentAt,
  lastError: row.lastError,
  lastErrorAt: row.lastErrorAt,
  secretSealed: row.secretSealed,
});

/** Drops the sealed secret. */
export const channelViewOf = ({ secretSealed: _sealed, ...view }: SealedAlertChannel): AlertChannelView =>
  view;

/** Every channel with its sealed secret (server-side only: the sender opens it). */
export const listSealedChannels = async (): Promise<SealedAlertChannel[]> =>
  (await getPrisma().alertChannel.findMany({ orderBy: { name: "asc" } })).map(sealedOf);

/** One channel by id or name, with its sealed secret. */
export const findChannel = async (idOrName: string): Promise<SealedAlertChannel | null> => {
  const row = await getPrisma().alertChannel.findFirst({
    where: { OR: [{ id: idOrName }, { name: idOrName }] },
  });
  return row ? sealedOf(row) : null;
};

/** Stores a new channel; null when the name is taken. */
export const createChannel = async (data: {
  name: string;
  kind: string;
  settings: string;
  secretSealed: string | null;
  maxPerMinute: number;
  createdBy: string | null;
}): Promise<SealedAlertChannel | null> => {
  if (await getPrisma().alertChannel.findUnique({ where: { name: data.name } })) return null;
  return sealedOf(await getPrisma().alertChannel.create({ data }));
};

/** Removes a channel and its deliveries; false when there was none. */
export const deleteChannel = async (id: string): Promise<boolean> =>
  (await getPrisma().alertChannel.deleteMany({ where: { id } })).count > 0;

/** What became of one message: sent, failed after its retries, or dropped by the channel's rate limit. */
export const DELIVERY_OUTCOMES = ["sent", "failed", "rate_limited"] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];
/** Why a message was sent: an alert opened or resolved, or a test. */
export const ALERT_MESSAGE_EVENTS = ["opened", "resolved", "test"] as const;
export type AlertMessageEvent = (typeof ALERT_MESSAGE_EVENTS)[number];

/** Records one message's fate and the channel's last success or failure. */
export const recordDelivery = async (delivery: {
  channelId: string;
  alertId: string | null;
  event: AlertMessageEvent;
  outcome: DeliveryOutcome;
  attempts: number;
  error: string | null;
}): Promise<void> => {
  const now = new Date();
  await getPrisma().$transaction([
    getPrisma().alertDelivery.create({ data: { ...delivery, at: now } }),
    getPrisma().alertChannel.updateMany({
      where: { id: delivery.channelId },
      data:
        delivery.outcome === "sent"
          ? { lastSentAt: now }
          : { lastError: delivery.error ?? delivery.outcome, lastErrorAt: now },
    }),
  ]);
};

export type DeliveryRow = {
  id: string;
  channelId: string;
  alertId: string | null;
  event: string;
  outcome: string;
  attempts: number;
  error: string | null;
  at: Date;
};

/** A channel's latest deliveries, newest first. */
export const recentDeliveries = async ({
  channelId,
  take = 20,
}: {
  channelId: string;
  take?: number;
}): Promise<DeliveryRow[]> =>
  getPrisma().alertDelivery.findMany({ where: { channelId }, orderBy: { at: "desc" }, take });
