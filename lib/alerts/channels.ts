// Alert channels as admins manage them: add (secrets sealed at rest, like an environment's
// credentials), list (never a secret), send a test, remove. Every change is audited.
import type { Actor } from "@/lib/auth/principal";
import { sealSecret } from "@/lib/auth/secret-box";
import { sessionSecret } from "@/lib/auth/secret";
import {
  channelViewOf,
  createChannel,
  deleteChannel,
  findChannel,
  listSealedChannels,
  recentDeliveries,
  type AlertChannelView,
  type DeliveryRow,
} from "@/lib/db/alert-channels";
import { recordAudit } from "@/lib/db/audit";
import { AppError } from "@/lib/errors";
import { splitChannel, ZChannelSettings, type ChannelSettings, type NewChannel } from "./channel-settings";
import { CHANNEL_SECRET_PURPOSE, deliverToChannel, type DeliveryResult } from "./delivery";
import { testMessage } from "./message";

/** Messages per minute a channel takes unless its admin says otherwise. */
export const DEFAULT_MAX_PER_MINUTE = 20;

/** A channel as admins see it: its settings (no secret) and its latest deliveries. */
export type ChannelListing = Omit<AlertChannelView, "settings"> & {
  settings: ChannelSettings;
  deliveries: DeliveryRow[];
};

const listingOf = async (view: AlertChannelView): Promise<ChannelListing> => ({
  ...view,
  settings: ZChannelSettings.parse(JSON.parse(view.settings)),
  deliveries: await recentDeliveries({ channelId: view.id, take: 10 }),
});

/** A 404 naming the channel. */
export const channelNotFound = (id: string): AppError =>
  new AppError("not_found", `No alert channel "${id}": see GET /api/v1/alert-channels.`);

/** Every channel with its latest deliveries (failures shown). */
export const channelsForDisplay = async (): Promise<ChannelListing[]> =>
  Promise.all((await listSealedChannels()).map((c) => listingOf(channelViewOf(c))));

/** Adds a channel; 409 when its name is taken. */
export const addChannel = async ({
  principal,
  address,
  request,
}: Actor & { request: NewChannel }): Promise<ChannelListing> => {
  const { settings, secret } = splitChannel(request);
  const created = await createChannel({
    name: request.name,
    kind: request.kind,
    settings: JSON.stringify(settings),
    secretSealed:
      secret === null
        ? null
        : sealSecret({
            plain: JSON.stringify(secret),
            secret: sessionSecret(),
            purpose: CHANNEL_SECRET_PURPOSE,
          }),
    maxPerMinute: request.maxPerMinute ?? DEFAULT_MAX_PER_MINUTE,
    createdBy: principal.username,
  });
  if (!created)
    throw new AppError("conflict", `An alert channel named "${request.name}" exists: choose another name.`);
  await recordAudit({
    actor: principal.username,
    action: "alert-channel.add",
    target: request.name,
    address,
    detail: { kind: request.kind, settings },
  });
  return listingOf(channelViewOf(created));
};

/** Sends a test message now (with the retries) and answers its outcome. */
export const testChannel = async ({
  principal,
  address,
  id,
}: Actor & { id: string }): Promise<DeliveryResult> => {
  const channel = await findChannel(id);
  if (!channel) throw channelNotFound(id);
  const result = await deliverToChannel({
    channel,
    message: testMessage({ channel: channel.name, by: principal.username }),
    alertId: null,
  });
  await recordAudit({
    actor: principal.username,
    action: "alert-channel.test",
    target: channel.name,
    address,
    ok: result.outcome === "sent",
    detail: result,
  });
  return result;
};

/** Removes a channel (and its delivery history). */
export const removeChannel = async ({ principal, address, id }: Actor & { id: string }): Promise<void> => {
  const channel = await findChannel(id);
  if (!channel || !(await deleteChannel(channel.id))) throw channelNotFound(id);
  await recordAudit({
    actor: principal.username,
    action: "alert-channel.remove",
    target: channel.name,
    address,
  });
};
