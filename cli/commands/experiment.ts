// experiment run | show | list: start an experiment (variants × repetitions, POST /api/v1/experiments),
// and with --wait follow its progress to the end and print the verdict sentences; exit 0 when it
// finished, 1 when it failed or was cancelled.
import { InvalidArgumentError, Option, type Command } from "commander";
import { clientFor, type CliIo, type GlobalOptions } from "../context";
import { CliError, EXIT } from "../exit-codes";
import type { PanelClient } from "../panel-client";
import { intOption } from "./runs";
import type { ExperimentListItem, ExperimentReport } from "../../lib/operations/experiment-report";

const VARIANT_KEYS = ["fit", "probe"] as const;

/** "optimized/dag" or "optimized/dag,fit=proportional,probe=exec" → a variant of the request. */
export const parseVariant = (
  text: string,
  previous: Record<string, string>[] = [],
): Record<string, string>[] => {
  const [head = "", ...rest] = text.split(",");
  const [topology, strategy, extra] = head.split("/");
  if (!topology || !strategy || extra !== undefined)
    throw new InvalidArgumentError('a variant like "optimized/dag" or "optimized/dag,fit=proportional"');
  const variant: Record<string, string> = { topology, strategy };
  for (const pair of rest) {
    const [key, value] = pair.split("=");
    if (!key || !value || !(VARIANT_KEYS as readonly string[]).includes(key))
      throw new InvalidArgumentError(
        `"${pair}": after the topology/strategy only ${VARIANT_KEYS.join("=…, ")}=… may follow`,
      );
    variant[key] = value;
  }
  return [...previous, variant];
};

const SETTLED = new Set(["done", "failed", "cancelled", "interrupted"]);

const bar = (percent: number, width = 24): string => {
  const filled = Math.round((percent / 100) * width);
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}]`;
};

const etaText = (etaMs: number | null): string =>
  etaMs === null
    ? "ETA after the first repetition"
    : `about ${Math.max(1, Math.round(etaMs / 60_000))} min left`;

/** The verdict sentences and what else a reader needs, as lines. */
const printReport = (out: CliIo["out"], report: ExperimentReport): void => {
  out.write(
    `experiment ${report.id} ${report.status}${report.reason ? ` (${report.reason})` : ""}, seed ${report.seed}\n`,
  );
  if (report.differences.length)
    out.write(`no verdict, conditions differ: ${report.differences.join("; ")}\n`);
  if (report.drift?.drifted)
    out.write(
      `warning: the host drifted during the experiment (baseline last third ÷ first third ${report.drift.ratio.toFixed(2)})\n`,
    );
  for (const v of report.verdicts) out.write(`${v.sentence}\n`);
};

/** Polls the experiment until it settles, drawing a progress bar (a terminal) or a line per step. */
const follow = async ({
  client,
  id,
  out,
  plain,
  intervalMs = 3_000,
}: {
  client: PanelClient;
  id: string;
  out: CliIo["out"];
  plain: boolean;
  intervalMs?: number;
}): Promise<ExperimentReport> => {
  const tty = !plain && out.isTTY === true;
  let last = -1;
  for (;;) {
    const report = await client.json<ExperimentReport>({
      method: "GET",
      path: `/api/v1/experiments/${encodeURIComponent(id)}`,
    });
    const { completed, total, percent, etaMs } = report.progress;
    if (tty) out.write(`\r${bar(percent)} ${completed}/${total} · ${etaText(etaMs)}   `);
    else if (completed !== last) out.write(`${completed}/${total} repetitions · ${etaText(etaMs)}\n`);
    last = completed;
    if (SETTLED.has(report.status)) {
      if (tty) out.write("\n");
      return report;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
};

export const registerExperimentCommands = ({ program, io }: { program: Command; io: CliIo }): void => {
  const experiment = program
    .command("experiment")
    .description("variants × repetitions with a statistical verdict (docs/EXPERIMENTS.md)");

  experiment
    .command("run")
    .description("start an experiment (prints its id, or follows it with --wait and prints the verdicts)")
    .requiredOption("--name <name>", "what the experiment checks")
    .requiredOption(
      "--variant <topology/strategy[,fit=…][,probe=…]>",
      "a variant; give two or more (the first is the baseline unless --baseline says otherwise)",
      parseVariant,
    )
    .option("--baseline <index>", "the baseline's index among the variants", intOption(0, 5))
    .option("--reps <n>", "repetitions per variant (2–50, default 5)", intOption(2, 50))
    .option("--warmup <n>", "warm-up repetitions per variant, not counted (0–5)", intOption(0, 5))
    .addOption(
      new Option("--data <policy>", "cold: every repetition from empty data; warm: after the first").choices([
        "cold",
        "warm",
      ]),
    )
    .addOption(
      new Option("--order <order>", "the interleaving").choices(["round-robin", "randomized-blocks"]),
    )
    .option(
      "--seed <n>",
      "seed of the order and the bootstrap (reproducible verdicts)",
      intOption(0, 2 ** 31 - 1),
    )
    .option("--environment <name>", "the environment (Docker engine) to run on")
    .addOption(
      new Option("--wait", "follow it to its end and print the verdicts; exit 0 only if it finished"),
    )
    .action(async (options, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const client = clientFor({ options: globals, env: io.env });
      const body: Record<string, unknown> = { name: options.name, variants: options.variant };
      if (options.baseline !== undefined) body.baseline = options.baseline;
      if (options.reps !== undefined) body.repetitions = options.reps;
      if (options.warmup !== undefined) body.warmup = options.warmup;
      if (options.data) body.data = options.data;
      if (options.order) body.order = options.order;
      if (options.seed !== undefined) body.seed = options.seed;
      if (options.environment) body.environment = options.environment;
      const { id } = await client.json<{ id: string }>({ method: "POST", path: "/api/v1/experiments", body });
      if (!options.wait) return void io.out.write(`${id}\n`);
      io.out.write(`experiment ${id} started\n`);
      const report = await follow({ client, id, out: io.out, plain: globals.progress === false });
      printReport(io.out, report);
      if (report.status !== "done")
        throw new CliError(`experiment ${id} ended ${report.status}`, EXIT.failed);
    });

  experiment
    .command("show")
    .description("an experiment's status and verdict sentences")
    .argument("<id>", "the experiment id")
    .option("--json", "the whole report as JSON")
    .action(async (id: string, options: { json?: boolean }, command: Command) => {
      const client = clientFor({ options: command.optsWithGlobals<GlobalOptions>(), env: io.env });
      const report = await client.json<ExperimentReport>({
        method: "GET",
        path: `/api/v1/experiments/${encodeURIComponent(id)}`,
      });
      if (options.json) return void io.out.write(`${JSON.stringify(report, null, 2)}\n`);
      printReport(io.out, report);
    });

  experiment
    .command("list")
    .description("experiments, newest first")
    .action(async (_options: unknown, command: Command) => {
      const client = clientFor({ options: command.optsWithGlobals<GlobalOptions>(), env: io.env });
      const list = await client.json<ExperimentListItem[]>({ method: "GET", path: "/api/v1/experiments" });
      for (const e of list)
        io.out.write(
          `${e.id}\t${e.status}\t${e.progress.completed}/${e.progress.total}\t${e.name}\t${e.variants.join(" · ")}\n`,
        );
    });
};
