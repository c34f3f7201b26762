// How a followed run ends for the shell: a summary line and exit 0 when it reached what was asked,
// otherwise the run's error (message, service, last log lines) and exit 1.
import { CliError, EXIT } from "./exit-codes";
import type { RunEnd } from "./follow-run";

const SUCCESS: ReadonlySet<string> = new Set(["healthy", "torn_down"]);
const LOG_LINES_SHOWN = 10;

/** The run's error in a few lines: what failed, where, and the service's last words. */
export const describeFailure = (end: RunEnd): string => {
  const error = end.result?.error;
  if (!error) return `run ${end.runId} ${end.status}`;
  const lines = [`run ${end.runId} ${end.status}: ${error.message}`];
  if (error.service) lines.push(`  service: ${error.service}`);
  if (error.healthOutput) lines.push(`  last health check: ${error.healthOutput.trim()}`);
  const tail = error.logTail.slice(-LOG_LINES_SHOWN);
  if (tail.length > 0) lines.push("  last log lines:", ...tail.map((line) => `    ${line}`));
  return lines.join("\n");
};

/** Prints the verdict; throws a CliError (exit 1) unless the run ended as asked (`asked`: healthy or torn down). */
export const settleRun = ({
  end,
  out,
  asked = SUCCESS,
}: {
  end: RunEnd;
  out: NodeJS.WritableStream;
  asked?: ReadonlySet<string>;
}): void => {
  if (!asked.has(end.status)) throw new CliError(describeFailure(end), EXIT.failed);
  const took = end.result ? ` in ${(end.result.totalMs / 1000).toFixed(1)} s` : "";
  out.write(`run ${end.runId} ${end.status}${took}\n`);
};
