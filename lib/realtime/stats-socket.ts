// socket.io handlers for live stats: `stats:watch` joins room `stats:<project>` (on another
// environment `stats:<environment id>:<project>`) and answers with the recent history; batches from
// that engine's hub go to that room as `stats:sample`. Registered once by attachRealtime.
import type { Server, Socket } from "socket.io";
import { z } from "zod";
import type {
  Ack,
  ClientToServerEvents,
  InterServerEvents,
  ServerToClientEvents,
  SocketData,
} from "./events";
import { LOCAL_ENVIRONMENT_ID, withEngine, type EngineScope } from "@/lib/docker/client";
import { forEachStatsHub, getStatsHub, MIN_STATS_INTERVAL_MS, type StatsHub } from "@/lib/stats/hub";

type StatsServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type StatsSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type StatsAction = "stats:watch" | "stats:unwatch";

// Compose project names: lower-case letters, digits, dashes and underscores, starting with a letter or
// digit. `intervalMs`: how often the browser wants a batch (the dashboard asks 250 during a deploy).
export const ZStatsWatchRequest = z.object({
  project: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/),
  intervalMs: z.number().int().min(MIN_STATS_INTERVAL_MS).max(10_000).optional(),
  /** The environment's id or name; unset: the panel's own engine. */
  environment: z
    .string()
    .regex(/^[a-zA-Z0-9_-]{1,60}$/)
    .optional(),
});

export type RegisterStatsHandlersOptions = {
  /** One hub for every request (tests); by default each environment's own. */
  hub?: StatsHub;
  /** An environment's engine scope (server.ts passes lib/operations' resolver); without it only the local engine. */
  resolveEngine?: (environment: string | undefined) => Promise<EngineScope>;
  /** A guard in front of each request (roles, project access); refusals answer `{ ok: false, msg }`. */
  authorize?: (options: {
    socket: StatsSocket;
    action: StatsAction;
    project: string;
  }) => boolean | Promise<boolean>;
};

export const statsRoom = (project: string, environmentId: string = LOCAL_ENVIRONMENT_ID): string =>
  environmentId === LOCAL_ENVIRONMENT_ID ? `stats:${project}` : `stats:${environmentId}:${project}`;

/** Wires the stats events on every connection and the hub's batches to their rooms; returns an undo. */
export const registerStatsHandlers = (
  io: StatsServer,
  options: RegisterStatsHandlersOptions = {},
): (() => void) => {
  const authorize = options.authorize ?? (() => true);
  const unsubscribes: (() => void)[] = [];
  const forward = (environmentId: string, hub: StatsHub) =>
    void unsubscribes.push(
      hub.onBatch((batch) => void io.to(statsRoom(batch.project, environmentId)).emit("stats:sample", batch)),
    );
  if (options.hub) forward(LOCAL_ENVIRONMENT_ID, options.hub);
  else unsubscribes.push(forEachStatsHub(forward));

  // The hub of the request's environment (created, and so forwarded, on first use).
  const hubOf = async (
    environment: string | undefined,
  ): Promise<{ hub: StatsHub; environmentId: string }> => {
    if (options.hub) return { hub: options.hub, environmentId: LOCAL_ENVIRONMENT_ID };
    if (!environment || environment === LOCAL_ENVIRONMENT_ID)
      return { hub: getStatsHub(), environmentId: LOCAL_ENVIRONMENT_ID };
    if (!options.resolveEngine) throw new Error(`no environment "${environment}" here`);
    const scope = await options.resolveEngine(environment);
    return { hub: withEngine(scope, getStatsHub), environmentId: scope.environmentId };
  };

  const onConnection = (socket: StatsSocket): void => {
    // room (environment and project) → this socket's hold on the hub and the period it asked for
    const watching = new Map<string, { release: () => void; intervalMs: number | undefined }>();

    // Parses the request and runs the guard; answers the refusal itself and returns null then.
    const admit = async (
      action: StatsAction,
      request: unknown,
      ack: unknown,
    ): Promise<{ project: string; intervalMs?: number; hub: StatsHub; environmentId: string } | null> => {
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
      try {
        return { ...parsed.data, ...(await hubOf(parsed.data.environment)) };
      } catch (error) {
        return (answer({ ok: false, msg: error instanceof Error ? error.message : String(error) }), null);
      }
    };

    socket.on("stats:watch", async (request, ack) => {
      const admitted = await admit("stats:watch", request, ack);
      if (admitted === null || !socket.connected) return;
      const { project, intervalMs, hub, environmentId } = admitted;
      const room = statsRoom(project, environmentId);
      const held = watching.get(room);
      // Asking again at another rate (a deploy started or ended): hold the new rate, then let go of the old.
      if (!held || held.intervalMs !== intervalMs) {
        const release = hub.watchProject({ project, reason: "viewer", intervalMs });
        held?.release();
        watching.set(room, { release, intervalMs });
      }
      await socket.join(room);
      if (typeof ack === "function") ack({ ok: true, data: hub.history(project) });
    });

    socket.on("stats:unwatch", async (request, ack) => {
      const admitted = await admit("stats:unwatch", request, ack);
      if (admitted === null) return;
      const room = statsRoom(admitted.project, admitted.environmentId);
      watching.get(room)?.release();
      watching.delete(room);
      await socket.leave(room);
      if (typeof ack === "function") ack({ ok: true, data: undefined });
    });

    socket.on("disconnect", () => {
      for (const { release } of watching.values()) release();
      watching.clear();
    });
  };

  io.on("connection", onConnection);
  return () => {
    for (const unsubscribe of unsubscribes) unsubscribe();
    io.off("connection", onConnection);
  };
};
