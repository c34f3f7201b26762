// What the CLI shows while it follows a run: in a terminal a progress bar of phases (cli-progress)
// with each finished phase printed above it; otherwise (a pipe, a CI log) one plain line per step,
// the same words, stable for scripts to grep.
import { MultiBar, Presets, type SingleBar } from "cli-progress";
import type { DeployEvent } from "../lib/deploy/events";
import type { LatencyResult } from "../lib/deploy/types";

export type RunReporter = {
  /** Shows one event of the run (most are skipped: only steps a person follows are shown). */
  event: (event: DeployEvent) => void;
  /** Removes the bar (call before printing the verdict). */
  stop: () => void;
};

export type RunReporterOptions = {
  out: NodeJS.WritableStream & { isTTY?: boolean };
  /** Force plain lines (--no-progress), even in a terminal. */
  plain?: boolean;
};

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

const latencyLine = (l: LatencyResult): string =>
  `latency ${l.service} ${l.url}: p50 ${l.p50Ms ?? "-"} ms, p95 ${l.p95Ms ?? "-"} ms, max ${l.maxMs ?? "-"} ms, ${l.failures}/${l.requests} failed`;

/** The lines a run's events print (null: nothing worth a line); shared by both reporters. */
export const lineOf = (
  event: DeployEvent,
  phases: { name: string; startedAt: number | null }[],
): string | null => {
  switch (event.type) {
    case "run_started":
      return `run ${event.runId}: ${event.kind} of ${event.project}${event.strategy ? `, strategy ${event.strategy}` : ""}, ${event.phases.length} phase(s), ${event.services.length} service(s)`;
    case "phase": {
      if (event.status !== "ready") return null;
      const startedAt = phases[event.index]?.startedAt ?? null;
      const took = startedAt === null ? "" : ` (took ${seconds(event.t - startedAt)})`;
      return `phase ${event.index + 1}/${phases.length} ${event.name} ready at ${seconds(event.t)}${took}`;
    }
    case "latency":
      return latencyLine(event.latency);
    case "cleanup":
      return `cleanup ${event.cleanup.state}${event.cleanup.reason ? `: ${event.cleanup.reason}` : ""}`;
    default:
      return null;
  }
};

/** A reporter for `out`: a bar in a terminal, plain lines otherwise. */
export const createRunReporter = ({ out, plain = false }: RunReporterOptions): RunReporter => {
  const phases: { name: string; startedAt: number | null }[] = [];
  const tty = !plain && out.isTTY === true;
  let bars: MultiBar | null = null;
  let bar: SingleBar | null = null;
  const print = (line: string) => {
    if (bars) bars.log(`${line}\n`);
    else out.write(`${line}\n`);
  };
  return {
    event: (event) => {
      if (event.type === "run_started") {
        phases.splice(0, phases.length, ...event.phases.map((p) => ({ name: p.name, startedAt: null })));
        if (tty && phases.length > 0) {
          bars = new MultiBar(
            {
              stream: out as NodeJS.WriteStream,
              format: "{bar} {value}/{total} phases | {phase}",
              hideCursor: true,
              clearOnComplete: true,
            },
            Presets.shades_classic,
          );
          bar = bars.create(phases.length, 0, { phase: "preparing" });
        }
      }
      if (event.type === "phase" && event.status === "started") {
        const phase = phases[event.index];
        if (phase) phase.startedAt = event.t;
        bar?.update({ phase: `${event.name} starting` });
      }
      if (event.type === "run_state" && event.run.state === "preparing") bar?.update({ phase: "preparing" });
      const line = lineOf(event, phases);
      if (line) print(line);
      if (event.type === "phase" && event.status === "ready")
        bar?.increment(1, { phase: `${event.name} ready` });
    },
    stop: () => {
      // A line logged just before the end waits for the bar's next redraw: draw once more first.
      bars?.update();
      bars?.stop();
      bars = null;
      bar = null;
    },
  };
};
