// `docker compose logs -f <service>` for the browser: one follower per socket, redacted, stopped
// when the socket unfollows, follows another service or disconnects.
import type { Socket } from "socket.io";
import { localEngineScope, withEngine, type EngineScope } from "@/lib/docker/client";
import { findProjectContainers } from "@/lib/docker/project-objects";
import { followLogs } from "@/lib/docker/logs";
import { redactorForProject } from "@/lib/secrets/run-redactors";
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
    socket.on("logs:unfollow", (ack: (answer: unknown) => void) => {
      unfollow();
      ack({ ok: true, data: undefined });
    });
    socket.on("disconnect", unfollow);
  });
};
