// runs (the stored runs, newest first) and compare (their tables as md, csv or json).
import { InvalidArgumentError, Option, type Command } from "commander";
import { clientFor, type CliIo, type GlobalOptions } from "../context";
import { formatTable } from "../table";
import { RUN_KINDS } from "../../lib/run-vocabulary";

type RunSummary = {
  id: string;
  kind: string;
  topology: string | null;
  strategy: string | null;
  status: string;
  startedAt: string;
  totalMs: number | null;
};

/** A whole number within limits, for options like --limit. */
export const intOption =
  (min: number, max: number) =>
  (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`a whole number from ${min} to ${max}`);
    return n;
  };

/** The options that narrow the list: the next page's command must repeat them (the cursor is theirs). */
const FILTERS = ["topology", "kind", "outcome", "environment"] as const;

const shellWord = (value: string): string =>
  /^[\w.:/@-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;

/** The command that prints the page after `cursor` of the same list. */
const nextPageCommand = (options: Record<string, unknown>, cursor: string): string =>
  [
    "ollamamax runs",
    `--limit ${String(options.limit)}`,
    ...FILTERS.flatMap((key) => {
      const value = options[key];
      return typeof value === "string" ? [`--${key} ${shellWord(value)}`] : [];
    }),
    `--cursor ${shellWord(cursor)}`,
  ].join(" ");

export const registerRunCommands = ({ program, io }: { program: Command; io: CliIo }): void => {
  program
    .command("runs")
    .description("list stored runs, newest first")
    .addOption(new Option("--limit <n>", "runs per page").argParser(intOption(1, 200)).default(20))
    .option("--cursor <cursor>", "the page after this cursor (printed under a full page)")
    .option("--topology <name>", "only this topology")
    .addOption(new Option("--kind <kind>", "only this kind").choices(RUN_KINDS))
    .option(
      "--outcome <status>",
      "only this status (healthy, failed, cancelled, torn_down, interrupted, running)",
    )
    .option(
      "--environment <name>",
      'only runs on this environment (name or id; "local": the panel\'s own engine)',
    )
    .option("--json", "print the page as JSON")
    .action(async (options, command: Command) => {
      const client = clientFor({ options: command.optsWithGlobals<GlobalOptions>(), env: io.env });
      const query = new URLSearchParams({ limit: String(options.limit) });
      for (const key of ["cursor", ...FILTERS] as const) if (options[key]) query.set(key, options[key]);
      const page = await client.json<{ items: RunSummary[]; nextCursor: string | null }>({
        path: `/api/v1/runs?${query}`,
      });
      if (options.json) return void io.out.write(`${JSON.stringify(page, null, 2)}\n`);
      io.out.write(
        `${formatTable(
          ["ID", "KIND", "TOPOLOGY", "STRATEGY", "STATUS", "STARTED", "TOTAL (s)"],
          page.items.map((r) => [
            r.id,
            r.kind,
            r.topology,
            r.strategy,
            r.status,
            r.startedAt,
            r.totalMs === null ? null : (r.totalMs / 1000).toFixed(1),
          ]),
        )}\n`,
      );
      if (page.nextCursor) io.out.write(`more: ${nextPageCommand(options, page.nextCursor)}\n`);
    });

  program
    .command("compare")
    .description("compare stored runs: the startup, resource and latency tables")
    .argument("<ids...>", "two or more run IDs")
    .addOption(new Option("--format <format>", "output format").choices(["md", "csv", "json"]).default("md"))
    .action(async (ids: string[], options: { format: "md" | "csv" | "json" }, command: Command) => {
      if (ids.length < 2) command.error("compare needs at least two run IDs", { exitCode: 2 });
      const client = clientFor({ options: command.optsWithGlobals<GlobalOptions>(), env: io.env });
      const path = `/api/v1/compare?ids=${ids.map(encodeURIComponent).join(",")}&format=${options.format}`;
      if (options.format === "json") {
        const data = await client.json<unknown>({ path });
        return void io.out.write(`${JSON.stringify(data, null, 2)}\n`);
      }
      const accept = options.format === "md" ? "text/markdown" : "text/csv";
      const text = await client.text({ path, accept });
      io.out.write(text.endsWith("\n") ? text : `${text}\n`);
    });
};
