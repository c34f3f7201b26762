// cancel: asks the panel to stop a run in flight (POST /api/v1/runs/{id}/cancel) and, with --wait,
// follows it until it has stopped and cleaned up, exiting 0 only if it ended cancelled.
import { Option, type Command } from "commander";
import { clientFor, type CliIo, type GlobalOptions } from "../context";
import { CliError, EXIT } from "../exit-codes";
import { followRun } from "../follow-run";
import { createRunReporter } from "../run-reporter";
import { describeFailure, settleRun } from "../run-verdict";

const CANCELLED: ReadonlySet<string> = new Set(["cancelled"]);

export const registerCancelCommand = ({ program, io }: { program: Command; io: CliIo }): void => {
  program
    .command("cancel")
    .description("cancel a run in flight (it then cleans up like a failed run)")
    .argument("<run-id>", "the run to cancel (printed by deploy, listed by runs)")
    .addOption(new Option("--wait", "follow the run until it has stopped; exit 0 only if it ended cancelled"))
    .action(async (runId: string, options: { wait?: boolean }, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const client = clientFor({ options: globals, env: io.env });
      // 404 (exit 2) when the run is not in flight: finished already, or not a run of this panel.
      await client.json<{ cancelling: true }>({
        method: "POST",
        path: `/api/v1/runs/${encodeURIComponent(runId)}/cancel`,
      });
      if (!options.wait) return void io.out.write(`run ${runId} cancelling\n`);
      const reporter = createRunReporter({ out: io.out, plain: globals.progress === false });
      try {
        const end = await followRun({ client, runId, onEvent: reporter.event });
        reporter.stop();
        // The run reached its verdict before the cancel did: say so, it is not what was asked.
        if (!CANCELLED.has(end.status))
          throw new CliError(`the cancel came too late: ${describeFailure(end)}`, EXIT.failed);
        settleRun({ end, out: io.out, asked: CANCELLED });
      } finally {
        reporter.stop();
      }
    });
};
