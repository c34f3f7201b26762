// deploy, redeploy, teardown, scale and latency: each starts a run (202 { runId }) and, with --wait,
// follows it to its end with a progress bar or plain lines, exiting by its outcome.
import { InvalidArgumentError, Option, type Command } from "commander";
import { clientFor, type CliIo, type GlobalOptions } from "../context";
import { followRun } from "../follow-run";
import type { PanelClient } from "../panel-client";
import { createRunReporter } from "../run-reporter";
import { settleRun } from "../run-verdict";
import { FIT_MODES, STRATEGIES } from "../../lib/run-vocabulary";
import { intOption } from "./runs";

type Started = { runId: string; project: string };

/** Starts the run; prints its id, or follows it when --wait was given. */
const startRun = async ({
  io,
  command,
  path,
  body,
  wait,
}: {
  io: CliIo;
  command: Command;
  path: string;
  body: Record<string, unknown>;
  wait: boolean;
}): Promise<void> => {
  const options = command.optsWithGlobals<GlobalOptions>();
  const client: PanelClient = clientFor({ options, env: io.env });
  const started = await client.json<Started>({ method: "POST", path, body });
  if (!wait) return void io.out.write(`${started.runId}\n`);
  const reporter = createRunReporter({ out: io.out, plain: options.progress === false });
  try {
    const end = await followRun({ client, runId: started.runId, onEvent: reporter.event });
    reporter.stop();
    settleRun({ end, out: io.out });
  } finally {
    reporter.stop();
  }
};

type LimitFlags = Record<string, { cpus?: number; memoryBytes?: number }>;

/** Reads one --limit (service.cpus=0.5 or service.memory=268435456) into the request's `limits`. */
export const collectLimit = (value: string, limits: LimitFlags): LimitFlags => {
  const match = /^(.+)\.(cpus|memory)=(\d+(?:\.\d+)?)$/.exec(value);
  if (!match)
    throw new InvalidArgumentError(
      `"${value}" is not service.cpus=N or service.memory=BYTES (for example db.cpus=0.5)`,
    );
  const [, service, key, amount] = match as unknown as [string, string, "cpus" | "memory", string];
  const limit = { ...limits[service], [key === "cpus" ? "cpus" : "memoryBytes"]: Number(amount) };
  return { ...limits, [service]: limit };
};

const waitOption = () => new Option("--wait", "follow the run to its end; the exit code says how it ended");

export const registerOperationCommands = ({ program, io }: { program: Command; io: CliIo }): void => {
  program
    .command("deploy")
    .description("deploy a topology (prints the run ID, or follows it with --wait)")
    .requiredOption("--topology <name>", "the topology folder's name")
    .addOption(
      new Option("--strategy <strategy>", "how services are started")
        .choices(STRATEGIES)
        .makeOptionMandatory(),
    )
    .addOption(
      new Option("--fit <mode>", "fit limits to this host (the panel's default: clamp)").choices(FIT_MODES),
    )
    .option("--fresh-data", "remove the topology's volumes and data folders first (a cold start)")
    .option("--keep-on-failure", "leave a failed run's containers for inspection")
    .option(
      "--limit <service.cpus=N|service.memory=BYTES>",
      "a service's limit for this deploy in place of the file's (repeat it; what a report recommends)",
      collectLimit,
      {},
    )
    .addOption(waitOption())
    .action(async (options, command: Command) => {
      const body: Record<string, unknown> = { topology: options.topology, strategy: options.strategy };
      if (Object.keys(options.limit).length > 0) body.limits = options.limit;
      if (options.fit) body.fit = options.fit;
      if (options.freshData) body.freshData = true;
      if (options.keepOnFailure) body.keepOnFailure = true;
      await startRun({ io, command, path: "/api/v1/deploy", body, wait: Boolean(options.wait) });
    });

  program
    .command("redeploy")
    .description("deploy a past run again: its stored effective file and image IDs (prints the new run ID)")
    .argument("<run-id>", "the run to deploy again (listed by runs)")
    .option(
      "--accept-current-images",
      "where an image ID the run ran is gone from the engine, deploy its tag's current image",
    )
    .addOption(waitOption())
    .action(async (runId: string, options, command: Command) => {
      const body = { acceptCurrentImages: Boolean(options.acceptCurrentImages) };
      const path = `/api/v1/runs/${encodeURIComponent(runId)}/redeploy`;
      await startRun({ io, command, path, body, wait: Boolean(options.wait) });
    });

  program
    .command("teardown")
    .description("remove a topology's containers and networks (and volumes with --remove-volumes)")
    .requiredOption("--topology <name>", "the topology folder's name")
    .option("--remove-volumes", "also remove its named volumes (the cluster's data)")
    .addOption(waitOption())
    .action(async (options, command: Command) => {
      const body = { topology: options.topology, removeVolumes: Boolean(options.removeVolumes) };
      await startRun({ io, command, path: "/api/v1/teardown", body, wait: Boolean(options.wait) });
    });

  program
    .command("scale")
    .description("add (up) or remove (down) worker nodes of a running cluster")
    .requiredOption("--topology <name>", "the topology folder's name")
    .addOption(new Option("--direction <direction>", "add or remove").choices(["up", "down"]).default("up"))
    .addOption(new Option("--count <n>", "nodes to add or remove").argParser(intOption(1, 8)).default(1))
    .addOption(waitOption())
    .action(async (options, command: Command) => {
      const body = { topology: options.topology, direction: options.direction, count: options.count };
      await startRun({ io, command, path: "/api/v1/scale", body, wait: Boolean(options.wait) });
    });

  program
    .command("latency")
    .description("measure request latency through the load balancer and each node")
    .requiredOption("--topology <name>", "the topology folder's name")
    .addOption(
      new Option("--requests <n>", "requests per target").argParser(intOption(1, 10_000)).default(200),
    )
    .addOption(new Option("--concurrency <n>", "requests at a time").argParser(intOption(1, 32)).default(4))
    .addOption(
      new Option("--duration <seconds>", "at most this long per target")
        .argParser(intOption(1, 60))
        .default(10),
    )
    .addOption(waitOption())
    .action(async (options, command: Command) => {
      const body = {
        topology: options.topology,
        requests: options.requests,
        concurrency: options.concurrency,
        durationS: options.duration,
      };
      await startRun({ io, command, path: "/api/v1/latency", body, wait: Boolean(options.wait) });
    });
};
