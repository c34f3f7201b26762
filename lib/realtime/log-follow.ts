// `docker compose logs -f <service>` for the browser, and `docker compose logs -f` of a whole
// project for the cluster's log view: one follow per socket (a service or a project), redacted,
// stopped when the socket unfollows, follows something else or disconnects.
import type { Socket } from "socket.io";
import { localEngineScope, withEngine, type EngineScope } from "@/lib/docker/client";
import { findProjectContainers } from "@/lib/docker/project-objects";
import { followLogs, followTimedLogs, type LogLine } from "@/lib/docker/logs";
import { compileLogQuery, type LogQuery } from "@/lib/log-query";
import { redactorForProject } from "@/lib/secrets/run-redactors";
import type { Ack, LogStreamLine } from "./events";
import type { PanelIo } from "./panel-io";

/** Registers logs:follow / logs:unfollow; `resolveEngine` finds an environment's engine (else only the local one). */
export const registerLogFollow = (
  io: PanelIo,
  resolveEngine: (environment: string | undefined) => Promise<EngineScope> = async () => localEngineScope(),
): void => {
  io.on("connection", (socket: Socket) => {
    let stop: (() => void) | null = null;
    const unfollow = () => {
      stop?.();
      stop = null;
    };
    socket.on(
      "logs:follow",
      async (
        { project, service, environment }: { project: string; service: string; environment?: string },
        ack: (answer: unknown) => void,
      ) => {
        unfollow();
        let engine: EngineScope;
        try {
          engine = await resolveEngine(environment);
        } catch (error) {
          return ack({ ok: false, msg: error instanceof Error ? error.message : String(error) });
        }
        const [container] = await withEngine(engine, () =>
          // The panel's own containers only: the project name comes from the browser.
          findProjectContainers({ project: String(project), service: String(service), managedOnly: true }),
        ).catch(() => []);
        if (!container)
          return ack({
            ok: false,
            msg: `No container of service ${String(service)} in project ${String(project)}.`,
          });
        const redact = redactorForProject(String(project));
        try {
          stop = await withEngine(engine, () =>
            followLogs({
              id: container.id,
              onLine: ({ stream, line }) =>
                socket.emit("logs:line", { project, service, stream, line: redact.text(line) }),
            }),
          );
          ack({ ok: true, data: { container: container.name } });
        } catch (error) {
          ack({
            ok: false,
            msg: `Could not follow the logs: ${error instanceof Error ? error.message : String(error)}`,
          });
        }
      },
    );
    socket.on("logs:followProject", async (request: ProjectFollowRequest, ack: (answer: unknown) => void) => {
      unfollow();
      const answer = await followProject({
        request,
        resolveEngine,
        emit: (lines) => lines.forEach((line) => socket.emit("logs:line", line)),
        ended: (reason) => {
          unfollow();
          socket.emit("logs:ended", { reason });
        },
        setStop: (next) => (stop = next),
        current: () => stop,
      });
      ack(answer);
    });
    socket.on("logs:unfollow", (ack: (answer: unknown) => void) => {
      unfollow();
      ack({ ok: true, data: undefined });
    });
    socket.on("disconnect", unfollow);
  });
};

/** What the cluster's log view follows: a project's running containers from `sinceMs`, filtered as its reads are. */
type ProjectFollowRequest = LogQuery & {
  project: string;
  environment?: string;
  sinceMs: number;
  services?: string[];
  stream?: LogLine["stream"];
};

/** Lines are matched and sent in batches this often (a regex runs over a batch within its budget). */
const FLUSH_MS = 250;

/**
 * Follows every running container of the project the panel deployed, redacted, and sends the lines
 * that pass the view's filters in batches; a search that ran out of its budget ends the follow.
 */
const followProject = async ({
  request,
  resolveEngine,
  emit,
  ended,
  setStop,
  current,
}: {
  request: ProjectFollowRequest;
  resolveEngine: (environment: string | undefined) => Promise<EngineScope>;
  emit: (lines: LogStreamLine[]) => void;
  ended: (reason: string) => void;
  setStop: (stop: (() => void) | null) => void;
  current: () => (() => void) | null;
}): Promise<Ack<{ containers: string[] }>> => {
  const { project, services = [], stream } = request;
  let matches: (lines: string[]) => boolean[];
  let engine: EngineScope;
  try {
    matches = compileLogQuery(request);
    engine = await resolveEngine(request.environment);
  } catch (error) {
    return { ok: false, msg: error instanceof Error ? error.message : String(error) };
  }
  // The panel's own running containers of the project (the name comes from the browser).
  const containers = (
    await withEngine(engine, () => findProjectContainers({ project, managedOnly: true })).catch(() => [])
  ).filter((c) => c.state === "running" && (services.length === 0 || services.includes(c.service)));
  if (containers.length === 0)
    return { ok: false, msg: `No running container of project ${project} to follow.` };
  const redact = redactorForProject(project);
  let batch: LogStreamLine[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    if (stopped) return;
    const lines = batch;
    batch = [];
    try {
      const found = matches(lines.map((l) => l.line));
      emit(lines.filter((_, i) => found[i]));
    } catch (error) {
      ended(error instanceof Error ? error.message : String(error));
    }
  };
  const stops: (() => void)[] = [];
  let stopped = false;
  // Set before the streams open, so an unfollow meanwhile stops the ones already open.
  const mine = () => {
    stopped = true;
    clearTimeout(timer);
    stops.splice(0).forEach((s) => s());
  };
  setStop(mine);
  try {
    for (const container of containers) {
      const stopOne = await withEngine(engine, () =>
        followTimedLogs({
          id: container.id,
          sinceMs: request.sinceMs,
          onLine: ({ stream: from, line, t }) => {
            // Nothing is sent after the follow stopped (a line a closing stream still delivers).
            if (stopped || (stream && from !== stream)) return;
            batch.push({ project, service: container.service, stream: from, line: redact.text(line), t });
            timer ??= setTimeout(flush, FLUSH_MS);
          },
        }),
      );
      if (current() !== mine) {
        stopOne();
        return { ok: false, msg: "Another follow replaced this one." };
      }
      stops.push(stopOne);
    }
    return { ok: true, data: { containers: containers.map((c) => c.name) } };
  } catch (error) {
    mine();
    setStop(null);
    return {
      ok: false,
      msg: `Could not follow the logs: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
};
