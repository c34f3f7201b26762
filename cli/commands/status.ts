// status: the panel's answer about one topology's cluster (or every topology's), as a table or JSON.
import type { Command } from "commander";
import { clientFor, type CliIo, type GlobalOptions } from "../context";
import type { PanelClient } from "../panel-client";
import { formatTable } from "../table";

type ClusterStatus = {
  project: string;
  services: {
    service: string;
    state: string;
    health: string | null;
    uptimeMs: number | null;
    image: string;
  }[];
  activeRun: { runId?: string; kind?: string } | null;
};

/** Every topology's name, page by page. */
const topologyNames = async (client: PanelClient): Promise<string[]> => {
  const names: string[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
    const page: { items: { name: string }[]; nextCursor: string | null } = await client.json({
      path: `/api/v1/topologies?limit=500${query}`,
    });
    names.push(...page.items.map((t) => t.name));
    cursor = page.nextCursor;
  } while (cursor);
  return names;
};

const uptime = (ms: number | null): string | null => (ms === null ? null : `${Math.round(ms / 1000)} s`);

export const registerStatusCommand = ({ program, io }: { program: Command; io: CliIo }): void => {
  program
    .command("status")
    .description("what runs: one topology's services (or every topology's), and any run in flight")
    .option("--topology <name>", "only this topology (default: all)")
    .option("--json", "print the status as JSON")
    .action(async (options: { topology?: string; json?: boolean }, command: Command) => {
      const client = clientFor({ options: command.optsWithGlobals<GlobalOptions>(), env: io.env });
      const names = options.topology ? [options.topology] : await topologyNames(client);
      const statuses = await Promise.all(
        names.map(async (name) => ({
          topology: name,
          status: await client.json<ClusterStatus>({
            path: `/api/v1/status?topology=${encodeURIComponent(name)}`,
          }),
        })),
      );
      if (options.json) return void io.out.write(`${JSON.stringify(statuses, null, 2)}\n`);
      for (const { topology, status } of statuses) {
        const run = status.activeRun
          ? `; run in flight: ${status.activeRun.kind ?? "run"} ${status.activeRun.runId ?? ""}`
          : "";
        io.out.write(`${topology} (project ${status.project}): ${status.services.length} service(s)${run}\n`);
        if (status.services.length > 0)
          io.out.write(
            `${formatTable(
              ["SERVICE", "STATE", "HEALTH", "UPTIME", "IMAGE"],
              status.services.map((s) => [s.service, s.state, s.health, uptime(s.uptimeMs), s.image]),
            )}\n`,
          );
      }
    });
};
