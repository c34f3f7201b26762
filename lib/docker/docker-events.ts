// Docker's event stream, narrowed to the container lifecycle events the stats collectors follow.
// One stream per caller; reconnects on its own and calls `onConnect` so the caller can re-list
// containers and catch up with anything that happened while the stream was down.
import type Docker from "dockerode";
import { getDocker } from "./client";
import { readLines } from "@/lib/lines";

export type ContainerEventAction =
  "start" | "die" | "destroy" | "health_status: healthy" | "health_status: unhealthy";

/** The lifecycle the stats collectors follow (the default). */
export const LIFECYCLE_ACTIONS: readonly ContainerEventAction[] = ["start", "die", "destroy"];
/** The lifecycle plus health changes (the alert rules follow these). */
export const HEALTH_ACTIONS: readonly ContainerEventAction[] = [
  ...LIFECYCLE_ACTIONS,
  "health_status: healthy",
  "health_status: unhealthy",
];

export type ContainerEvent = {
  action: ContainerEventAction;
  containerId: string;
  /** The container's labels (Docker sends them as the actor's attributes, with name and image). */
  attributes: Record<string, string>;
  /** ms since the epoch. */
  time: number;
};

export type WatchContainerEventsOptions = {
  /** Only containers carrying this label (`key` or `key=value`). */
  label: string;
  /** Which actions to follow (default LIFECYCLE_ACTIONS). */
  actions?: readonly ContainerEventAction[];
  onEvent: (event: ContainerEvent) => void;
  /** After each (re)connection: the caller re-lists containers to catch up. */
  onConnect?: () => void;
  onError?: (error: Error) => void;
  retryMs?: number;
  docker?: Docker;
};

/** Splits a stream of newline-delimited JSON into objects; a chunk may end mid-line. */
export const readJsonLines = (stream: NodeJS.ReadableStream, onObject: (value: unknown) => void): void =>
  readLines(stream, (line) => {
    if (!line.trim()) return;
    try {
      onObject(JSON.parse(line));
    } catch {
      // a torn line after a daemon restart: the next one is whole
    }
  });

type RawEvent = {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  timeNano?: number;
  time?: number;
};

/** Follows start/die/destroy (or the given) events of labelled containers until `stop` is called. */
export const watchContainerEvents = (options: WatchContainerEventsOptions): { stop: () => void } => {
  const { label, onEvent, onConnect, onError, retryMs = 2000, docker = getDocker() } = options;
  const wanted = new Set<string>(options.actions ?? LIFECYCLE_ACTIONS);
  // Docker's `event` filter matches "health_status" for "health_status: healthy" and the like.
  const filterActions = [...new Set([...wanted].map((action) => action.split(":")[0] as string))];
  let stopped = false;
  let current: (NodeJS.ReadableStream & { destroy?: () => void }) | null = null;
  let retry: NodeJS.Timeout | null = null;

  const connect = async (): Promise<void> => {
    try {
      const stream = await docker.getEvents({
        filters: { type: ["container"], event: filterActions, label: [label] },
      });
      if (stopped) return void (stream as { destroy?: () => void }).destroy?.();
      current = stream;
      readJsonLines(stream, (value) => {
        const event = value as RawEvent;
        if (event.Type !== "container" || !event.Action || !wanted.has(event.Action) || !event.Actor?.ID)
          return;
        onEvent({
          action: event.Action as ContainerEventAction,
          containerId: event.Actor.ID,
          attributes: event.Actor.Attributes ?? {},
          time: event.timeNano ? Math.floor(event.timeNano / 1e6) : (event.time ?? 0) * 1000,
        });
      });
      const reconnect = () => {
        if (current !== stream || stopped) return;
        current = null;
        retry = setTimeout(() => void connect(), retryMs);
      };
      stream.on("end", reconnect);
      stream.on("close", reconnect);
      stream.on("error", (error: Error) => {
        onError?.(error);
        reconnect();
      });
      onConnect?.();
    } catch (error) {
      onError?.(error instanceof Error ? error : new Error(String(error)));
      if (!stopped) retry = setTimeout(() => void connect(), retryMs);
    }
  };
  void connect();

  return {
    stop: () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      current?.destroy?.();
      current = null;
    },
  };
};
