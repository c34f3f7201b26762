// One container's streaming stats (GET /containers/{id}/stats?stream=true: a payload about every
// second, pushed by the daemon) — never one-shot polling, which costs the daemon a full read each call.
import type Docker from "dockerode";
import { getDocker } from "@/lib/docker/client";
import { readJsonLines } from "@/lib/docker/docker-events";
import type { DockerStatsPayload } from "./sample";

export type OpenStatsStreamOptions = {
  containerId: string;
  onPayload: (payload: DockerStatsPayload) => void;
  /** Once, when the HTTP stream is really closed (by `close`, the container stopping, or an error). */
  onClosed: () => void;
  /** When the request itself failed (no such container…). */
  onError?: (error: Error) => void;
  docker?: Docker;
};

type Closable = NodeJS.ReadableStream & { destroy?: () => void };

/** Opens the stream; `close` is safe before the request has even been answered. */
export const openStatsStream = (options: OpenStatsStreamOptions): { close: () => void } => {
  const { containerId, onPayload, onClosed, onError, docker = getDocker() } = options;
  let closed = false;
  let stream: Closable | null = null;
  let reported = false;
  const reportClosed = () => {
    if (reported) return;
    reported = true;
    onClosed();
  };

  docker
    .getContainer(containerId)
    .stats({ stream: true })
    .then((opened: Closable) => {
      stream = opened;
      opened.on("close", reportClosed);
      opened.on("error", () => opened.destroy?.());
      if (closed) return void opened.destroy?.();
      readJsonLines(opened, (value) => onPayload(value as DockerStatsPayload));
    })
    .catch((error: unknown) => {
      onError?.(error instanceof Error ? error : new Error(String(error)));
      reportClosed();
    });

  return {
    close: () => {
      closed = true;
      stream?.destroy?.();
    },
  };
};
