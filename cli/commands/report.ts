// report: a topology's analysis report (docs/REPORT.md) from the panel — Markdown on stdout by
// default, JSON with --format json, or a PDF written to --out.
import { writeFile } from "node:fs/promises";
import { Option, type Command } from "commander";
import { clientFor, type CliIo, type GlobalOptions } from "../context";
import { CliError, EXIT } from "../exit-codes";

export const registerReportCommand = ({ program, io }: { program: Command; io: CliIo }): void => {
  program
    .command("report")
    .description("a topology's analysis report: bottlenecks, recommendations, risks (docs/REPORT.md)")
    .requiredOption("--topology <name>", "the topology folder's name")
    .option("--vs <name>", "the topology to compare with (e.g. original)")
    .addOption(
      new Option("--format <format>", "md (default), json or pdf")
        .choices(["md", "json", "pdf"])
        .default("md"),
    )
    .option("--out <file>", "write the report to this file (required for pdf)")
    .action(
      async (options: { topology: string; vs?: string; format: string; out?: string }, command: Command) => {
        if (options.format === "pdf" && !options.out)
          throw new CliError("--format pdf writes a file: add --out report.pdf", EXIT.usage);
        const client = clientFor({ options: command.optsWithGlobals<GlobalOptions>(), env: io.env });
        const query = new URLSearchParams({ format: options.format });
        if (options.vs) query.set("vs", options.vs);
        const path = `/api/v1/topologies/${encodeURIComponent(options.topology)}/report?${query}`;
        const body =
          options.format === "pdf"
            ? Buffer.from(await (await client.open({ path })).arrayBuffer())
            : options.format === "json"
              ? `${JSON.stringify(await client.json({ path }), null, 2)}\n`
              : await client.text({ path });
        if (options.out) {
          await writeFile(options.out, body);
          return void io.out.write(`${options.out}\n`);
        }
        io.out.write(body);
      },
    );
};
