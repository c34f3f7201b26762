// socket.io handlers for live stats: `stats:watch` joins room `stats:<project>` and answers with the
// recent history; batches from the hub go to that room as `stats:sample`. Registered once by attachRealtime.
import type { Server, Socket } from "socket.io";
import { z } from "zod";
import type {
  Ack,
  ClientToServerEvents,
  InterServerEvents,
  ServerToClientEvents,
  SocketData,
} from "./events";
import { getStatsHub, MIN_STATS_INTERVAL_MS, type StatsHub } from "./stats-hub";

type StatsServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type StatsSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type StatsAction = "stats:watch" | "stats:unwatch";

// Compose project names: lower-case letters, digits, dashes and underscores, starting with a letter or
// digit. `intervalMs`: how often the browser wants a batch (the dashboard asks 250 during a deploy).
export const ZStatsWatchRequest = z.object({
  project: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/),
  intervalMs: z.number().int().min(MIN_STATS_INTERVAL_MS).max(10_000).optional(),
});

export type RegisterStatsHandlersOptions = {
  hub?: StatsHub;
  /** A guard in front of each request (roles, project access); refusals answer `{ ok: false, msg }`. */
  authorize?: (options: {
    socket: StatsSocket;
    action: StatsAction;
    project: string;
  }) => boolean | Promise<boolean>;
};

export const statsRoom = (project: string): string => `stats:${project}`;

/** Wires the stats events on every connection and the hub's batches to their rooms; returns an undo. */
export const registerStatsHandlers = (
  io: StatsServer,
  options: RegisterStatsHandlersOptions = {},
): (() => void) => {
  const hub = options.hub ?? getStatsHub();
  const authorize = options.authorize ?? (() => true);
  const unsubscribe = hub.onBatch(
    (batch) => void io.to(statsRoom(batch.project)).emit("stats:sample", batch),
  );

  const onConnection = (socket: StatsSocket): void => {
    // project → this socket's hold on the hub and the period it asked for
    const watching = new Map<string, { release: () => void; intervalMs: number | undefined }>();

    // Parses the request and runs the guard; answers the refusal itself and returns null then.
    const admit = async (
      action: StatsAction,
      request: unknown,
      ack: unknown,
    ): Promise<{ project: string; intervalMs?: number } | null> => {
      const answer = typeof ack === "function" ? (ack as (a: Ack<never>) => void) : () => undefined;
      const parsed = ZStatsWatchRequest.safeParse(request);
      if (!parsed.success)
        return (
          answer({
            ok: false,
            msg: `project must be a compose project name (a-z, 0-9, - and _); intervalMs from ${MIN_STATS_INTERVAL_MS} to 10000`,
          }),
          null
        );
      if (!(await authorize({ socket, action, project: parsed.data.project })))
        return (answer({ ok: false, msg: `forbidden: ${action} ${parsed.data.project}` }), null);
      return parsed.data;
    };

    socket.on("stats:watch", async (request, ack) => {
      const admitted = await admit("stats:watch", request, ack);
      if (admitted === null || !socket.connected) return;
      const { project, intervalMs } = admitted;
      const held = watching.get(project);
      // Asking again at another rate (a deploy started or ended): hold the new rate, then let go of the old.
      if (!held || held.intervalMs !== intervalMs) {
        const release = hub.watchProject({ project, reason: "viewer", intervalMs });
        held?.release();
        watching.set(project, { release, intervalMs });
      }
      await socket.join(statsRoom(project));
      if (typeof ack === "function") ack({ ok: true, data: hub.history(project) });
    });

    socket.on("stats:unwatch", async (request, ack) => {
      const admitted = await admit("stats:unwatch", request, ack);
      if (admitted === null) return;
      const { project } = admitted;
      watching.get(project)?.release();
      watching.delete(project);
      await socket.leave(statsRoom(project));
      if (typeof ack === "function") ack({ ok: true, data: undefined });
    });

    socket.on("disconnect", () => {
      for (const { release } of watching.values()) release();
      watching.clear();
    });
  };

  io.on("connection", onConnection);
  return () => {
    unsubscribe();
    io.off("connection", onConnection);
  };
};
