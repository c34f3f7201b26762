// Docker's own lifecycle events of one run's containers, collected live from the run's start:
// dockerd keeps only its last few hundred events and exec probes flood them, so asking afterwards
// would lose the early ones. These timestamps are the referee for the panel's own clock.
import type Docker from "dockerode";
import { getDocker } from "./client";
import { readJsonLines } from "./docker-events";
import { LABEL, serviceLabelOf } from "./labels";

/** The lifecycle moments Docker records, in ms since the epoch (first occurrence of each). */
export type EngineLifecycle = {
  createdAt: number | null;
  startedAt: number | null;
  healthyAt: number | null;
  diedAt: number | null;
};

export type RunClockWatch = {
  /** Resolves once the stream is open (or failed to open: then nothing is collected). */
  connected: Promise<void>;
  /** Stops following and returns what was seen, by the containers' compose service label. */
  stop: () => Record<string, EngineLifecycle>;
};

type RawEvent = {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  timeNano?: number;
  time?: number;
};

const FIELD: Record<string, keyof EngineLifecycle> = {
  create: "createdAt",
  start: "startedAt",
  "health_status: healthy": "healthyAt",
  die: "diedAt",
};

/**
 * Follows create/start/die/health_status events of the containers labelled with the run's id.
 * `sinceMs` replays what happened between the run's start and the stream opening.
 */
export const watchRunClock = ({
  runId,
  sinceMs,
  docker = getDocker(),
}: {
  runId: string;
  sinceMs: number;
  docker?: Docker;
}): RunClockWatch => {
  const seen: Record<string, EngineLifecycle> = {};
  let stream: (NodeJS.ReadableStream & { destroy?: () => void }) | null = null;
  let stopped = false;
  const connected = docker
    .getEvents({
      since: Math.floor(sinceMs / 1000),
      filters: {
        type: ["container"],
        event: ["create", "start", "die", "health_status"],
        label: [`${LABEL.runId}=${runId}`],
      },
    })
    .then((opened) => {
      stream = opened;
      if (stopped) return void stream.destroy?.();
      readJsonLines(opened, (value) => {
        const event = value as RawEvent;
        const field = event.Action ? FIELD[event.Action] : undefined;
        const service = serviceLabelOf(event.Actor?.Attributes);
        if (!field || !service) return;
        const at = event.timeNano ? event.timeNano / 1e6 : (event.time ?? 0) * 1000;
        const marks = (seen[service] ??= { createdAt: null, startedAt: null, healthyAt: null, diedAt: null });
        marks[field] ??= at;
      });
      opened.on("error", () => undefined);
    })
    .catch(() => undefined);
  return {
    connected,
    stop: () => {
      stopped = true;
      stream?.destroy?.();
      return seen;
    },
  };
};
