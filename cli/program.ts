// The ollamamax command line: commander parses, each command talks to the panel's /api/v1, and
// every way out maps to one exit code (exit-codes.ts, docs/CLI.md).
import { Command, CommanderError } from "commander";
import packageJson from "../package.json" with { type: "json" };
import { registerCancelCommand } from "./commands/cancel";
import { registerExperimentCommands } from "./commands/experiment";
import { registerOperationCommands } from "./commands/operations";
import { registerReportCommand } from "./commands/report";
import { registerRunCommands } from "./commands/runs";
import { registerStatusCommand } from "./commands/status";
import type { CliIo } from "./context";
import { EXIT, isCliError } from "./exit-codes";

/** Commander's ways out that are not errors. */
const CLEAN_EXITS = new Set(["commander.helpDisplayed", "commander.version"]);

/** The program with every command, writing to `io`. */
export const buildProgram = (io: CliIo): Command => {
  const program = new Command("ollamamax")
    .description("Drive an OllamaMax panel from scripts: deploy, follow, tear down, compare.")
    .version(packageJson.version)
    .option("--url <url>", "the panel's address (default: $PANEL_URL)")
    .option("--token <token>", "an API token (default: $PANEL_TOKEN)")
    .option("--no-progress", "plain lines even in a terminal")
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out.write(text), writeErr: (text) => io.err.write(text) })
    .showHelpAfterError("(ollamamax --help lists the commands)");
  registerStatusCommand({ program, io });
  registerOperationCommands({ program, io });
  registerCancelCommand({ program, io });
  registerRunCommands({ program, io });
  registerExperimentCommands({ program, io });
  registerReportCommand({ program, io });
  return program;
};

/** Runs the CLI on `args` (without node and the script) and returns the exit code. */
export const runCli = async ({ args, io }: { args: string[]; io: CliIo }): Promise<number> => {
  const program = buildProgram(io);
  if (args.length === 0) {
    program.outputHelp({ error: true });
    return EXIT.usage;
  }
  try {
    await program.parseAsync(args, { from: "user" });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) return CLEAN_EXITS.has(error.code) ? EXIT.ok : EXIT.usage;
    if (isCliError(error)) {
      io.err.write(`ollamamax: ${error.message}\n`);
      return error.exitCode;
    }
    io.err.write(`ollamamax: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failed;
  }
};
