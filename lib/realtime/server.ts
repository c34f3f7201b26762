import type http from "node:http";
import { Server } from "socket.io";
import { existingSingleton, globalSingleton } from "@/lib/global-singleton";
import type { AllowedHosts } from "@/lib/http/allowed-hosts";
import { authenticateSocket, guardSocketEvents } from "./socket-auth";
import { registerBackupRoom } from "./backup-room";
import { registerMigrationRoom } from "./migration-room";
import { registerImageKitRoom } from "./image-kit-room";
import { registerLogFollow } from "./log-follow";
import { registerRunRooms } from "./run-rooms";
import { registerStatsHandlers } from "./stats-socket";
import type { EngineScope } from "@/lib/docker/client";
import type { PanelIo } from "./panel-io";

const HEARTBEAT_MS = 1000;

/** Sockets connected right now (signed in: authentication runs before a connection counts); 0 before attach. */
export const socketClientCount = (): number => {
  const io = existingSingleton<PanelIo>("io");
  return io ? io.of("/").sockets.size : 0;
};

/** Attaches socket.io to the panel's HTTP server (once) and starts the heartbeat. */
export const attachRealtime = ({
  httpServer,
  allowedHosts,
  resolveEngine,
}: {
  /** An environment's engine (lib/operations/environments.ts's engineScopeFor); streams of other engines need it. */
  resolveEngine?: (environment: string | undefined) => Promise<EngineScope>;
  httpServer: http.Server;
  allowedHosts: AllowedHosts;
}): PanelIo =>
  globalSingleton("io", () => {
    const io: PanelIo = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 1e6 });
    io.use((socket, next) => void authenticateSocket({ socket, next, allowedHosts }));
    registerStatsHandlers(io, { resolveEngine });
    registerRunRooms(io);
    registerLogFollow(io, resolveEngine);
    registerImageKitRoom(io);
    registerBackupRoom(io);
    registerMigrationRoom(io);
    const bootedAt = Date.now();
    io.on("connection", (socket) => {
      guardSocketEvents(socket);
      socket.on("ping", (ack) => ack({ ok: true, data: { serverTime: new Date().toISOString() } }));
    });
    const timer = setInterval(() => {
      io.emit("heartbeat", { serverTime: new Date().toISOString(), uptimeMs: Date.now() - bootedAt });
    }, HEARTBEAT_MS);
    timer.unref();
    io.engine.on("close", () => clearInterval(timer));
    return io;
  });
