// Delivers a message to every channel: at most `maxPerMinute` per channel (more are dropped and
// recorded "rate_limited"), each retried with back-off, every outcome recorded on the channel and
// counted in /metrics.
import { openSecret } from "@/lib/auth/secret-box";
import { sessionSecret } from "@/lib/auth/secret";
import {
  listSealedChannels,
  recordDelivery,
  type DeliveryOutcome,
  type SealedAlertChannel,
} from "@/lib/db/alert-channels";
import { globalSingleton } from "@/lib/global-singleton";
import { getPanelMetrics } from "@/lib/metrics/panel-metrics";
import {
  ZChannelSecret,
  ZChannelSettings,
  type ChannelSecret,
  type ChannelSettings,
} from "./channel-settings";
import type { AlertMessage } from "./message";
import { sendOnce } from "./senders";

export const CHANNEL_SECRET_PURPOSE = "alert-channel";

/** Waits before the 2nd, 3rd … attempt (ms): 1 s, 4 s, 15 s. */
export const RETRY_DELAYS_MS = [1_000, 4_000, 15_000];

export type DeliveryTuning = { retryDelaysMs: readonly number[] };

/** The process-wide tuning (tests shorten the back-off). */
export const deliveryTuning = (): DeliveryTuning =>
  globalSingleton("alert-delivery-tuning", () => ({ retryDelaysMs: [...RETRY_DELAYS_MS] }));

/** Recent send times per channel (sliding one-minute window). */
const sentTimes = (): Map<string, number[]> => globalSingleton("alert-channel-sent", () => new Map());

const takeSlot = (channel: SealedAlertChannel, now: number): boolean => {
  const times = (sentTimes().get(channel.id) ?? []).filter((t) => now - t < 60_000);
  if (times.length >= channel.maxPerMinute) {
    sentTimes().set(channel.id, times);
    return false;
  }
  sentTimes().set(channel.id, [...times, now]);
  return true;
};

/** A channel's settings and opened secret; throws when the secret no longer opens (JWT_SECRET changed). */
export const openChannel = (
  channel: SealedAlertChannel,
): { settings: ChannelSettings; secret: ChannelSecret | null } => {
  const settings = ZChannelSettings.parse(JSON.parse(channel.settings));
  if (channel.secretSealed === null) return { settings, secret: null };
  const plain = openSecret({
    sealed: channel.secretSealed,
    secret: sessionSecret(),
    purpose: CHANNEL_SECRET_PURPOSE,
  });
  if (plain === null)
    throw new Error(
      "the channel's secret does not open (was JWT_SECRET changed?): remove the channel and add it again",
    );
  return { settings, secret: ZChannelSecret.parse(JSON.parse(plain)) };
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const errorText = (error: unknown): string => {
  const text = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${text}${cause}`.slice(0, 500);
};

export type DeliveryResult = {
  channelId: string;
  outcome: DeliveryOutcome;
  attempts: number;
  error: string | null;
};

/** Sends to one channel with its retries, records the outcome and counts it. */
export const deliverToChannel = async ({
  channel,
  message,
  alertId,
}: {
  channel: SealedAlertChannel;
  message: AlertMessage;
  alertId: string | null;
}): Promise<DeliveryResult> => {
  let attempts = 0;
  let error: string | null = null;
  let outcome: DeliveryOutcome = "failed";
  if (!takeSlot(channel, Date.now())) {
    outcome = "rate_limited";
    error = `more than ${channel.maxPerMinute} messages in a minute: this one was dropped`;
  } else {
    const delays = deliveryTuning().retryDelaysMs;
    for (let i = 0; i <= delays.length; i++) {
      if (i > 0) await sleep(delays[i - 1] ?? 0);
      attempts++;
      try {
        await sendOnce({ ...openChannel(channel), message });
        outcome = "sent";
        error = null;
        break;
      } catch (failure) {
        error = errorText(failure);
      }
    }
  }
  getPanelMetrics().alertDeliveries.inc({ kind: channel.kind, outcome });
  await recordDelivery({
    channelId: channel.id,
    alertId,
    event: message.event,
    outcome,
    attempts,
    error,
  }).catch((failure: unknown) => console.error("could not record an alert delivery:", failure));
  return { channelId: channel.id, outcome, attempts, error };
};

/** Sends a message to every channel at once (each with its own retries). */
export const deliverToAll = async ({
  message,
  alertId,
}: {
  message: AlertMessage;
  alertId: string | null;
}): Promise<DeliveryResult[]> => {
  const channels = await listSealedChannels();
  return Promise.all(channels.map((channel) => deliverToChannel({ channel, message, alertId })));
};
