// The panel's typed socket.io server, in a file of its own: server.ts attaches it and registers
// the room handlers, which take it as a parameter (importing it from server.ts closed a cycle).
import type { Server } from "socket.io";
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from "./events";

export type PanelIo = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
