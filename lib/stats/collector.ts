// Which source reads a container: the kernel (its cgroup, when the engine runs on this host and the
// files are readable) or Docker's stats stream (remote engines, unreadable cgroups). Decided once per
// container start from `inspect` (its init PID); Docker's stream is the fallback for any failure.
import type Docker from "dockerode";
import {
  hasCpuBaseline,
  hasReading,
  toSample,
  type ContainerSample,
  type StatsSource,
} from "@/lib/stats/sample";
import { openStatsStream } from "@/lib/stats/docker-stream";
import { createKernelReader, type KernelReader } from "./kernel-reader";
import { detectKernelHost, isLocalEngine } from "./kernel-host";

/** The kernel reader of this engine, or why there is none. */
export type KernelAccess = { reader: KernelReader } | { reader: null; unavailable: string };

/** Kernel access for `docker`: only for a local engine whose cgroups this process can read. */
export const kernelAccessFor = (docker: Docker): KernelAccess => {
  if (!isLocalEngine(docker)) return { reader: null, unavailable: "the engine is not on this host" };
  const host = detectKernelHost();
  return "unavailable" in host
    ? { reader: null, unavailable: host.unavailable }
    : { reader: createKernelReader(host) };
};

export type ContainerCollector = {
  /** null while the container is being inspected. */
  source: StatsSource | null;
  close: () => void;
};

export type StartContainerCollectorOptions = {
  docker: Docker;
  kernel: KernelReader | null;
  container: { containerId: string; name: string; service: string };
  /** Each reading of Docker's stream (the kernel's are taken by the caller's timer). */
  onSample: (sample: ContainerSample) => void;
  /** Docker's stream ended (the container stopped) or could not be opened; the caller closes the collector. */
  onClosed: () => void;
  /** Counts the Docker streams open (from the request on, so one being opened is not missed). */
  onStream: (delta: 1 | -1) => void;
};

/** Starts collecting one container from the kernel if it can, else from Docker's stream. */
export const startContainerCollector = (options: StartContainerCollectorOptions): ContainerCollector => {
  const { docker, kernel, container, onSample, onClosed, onStream } = options;
  let closed = false;
  let closeStream = () => undefined as void;
  const collector: ContainerCollector = {
    source: null,
    close: () => {
      closed = true;
      kernel?.remove(container.containerId);
      closeStream();
    },
  };

  const openStream = () => {
    collector.source = "docker";
    onStream(1);
    let previous: ContainerSample | null = null;
    const stream = openStatsStream({
      containerId: container.containerId,
      docker,
      onPayload: (payload) => {
        // A zero reading means the container is not running; Docker would keep this stream open forever.
        if (!hasReading(payload)) return onClosed();
        const sample = toSample({ payload, previous, ...container });
        previous = sample;
        if (hasCpuBaseline(payload)) onSample(sample);
      },
      onClosed: () => {
        onStream(-1);
        if (!closed) onClosed();
      },
    });
    closeStream = stream.close;
  };

  if (!kernel) openStream();
  else
    void docker
      .getContainer(container.containerId)
      .inspect()
      .then((info) => (info.State.Running ? info.State.Pid : 0))
      .catch(() => 0)
      .then((pid) => {
        if (closed) return;
        if (pid > 0 && kernel.add({ ...container, pid })) collector.source = "kernel";
        else openStream();
      });
  return collector;
};
