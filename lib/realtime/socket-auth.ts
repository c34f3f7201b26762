// socket.io goes through the same checks as HTTP: the handshake must come from this panel's origin
// and carry a valid session cookie or API token; each event then checks the role it needs.
import type { Socket } from "socket.io";
import { principalFromHeaders, type Principal } from "@/lib/auth/principal";
import { hasRole, type Role } from "@/lib/auth/roles";
import { isCrossSite } from "@/lib/http/origin";
import { eventAccess } from "./event-access";
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from "./events";

type PanelSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** socket.io middleware: refuses cross-site or anonymous handshakes, stores the principal. */
export const authenticateSocket = async (
  socket: PanelSocket,
  next: (error?: Error) => void,
): Promise<void> => {
  const { headers } = socket.handshake;
  const origin = typeof headers.origin === "string" ? headers.origin : null;
  if (isCrossSite({ origin, host: headers.host ?? null, secFetchSite: null }))
    return next(new Error("forbidden: cross-site connection refused"));
  const token = typeof socket.handshake.auth?.token === "string" ? socket.handshake.auth.token : null;
  try {
    const principal = await principalFromHeaders({
      cookie: headers.cookie,
      authorization: token ? `Bearer ${token}` : headers.authorization,
    });
    if (!principal) return next(new Error("unauthorized: sign in first"));
    socket.data.principal = principal;
    next();
  } catch {
    next(new Error("unauthorized: could not check the session"));
  }
};

/** The principal stored by `authenticateSocket`. */
export const socketPrincipal = (socket: PanelSocket): Principal | null => socket.data.principal ?? null;

/** Whether the socket's principal may do what needs `role`. */
export const socketMay = (socket: PanelSocket, role: Role): boolean => {
  const principal = socketPrincipal(socket);
  return principal !== null && hasRole({ actual: principal.role, needed: role });
};

/**
 * Per-event guard (socket.use): unknown events and events above the principal's role are refused;
 * the refusal goes to the event's acknowledgement when it has one.
 */
export const guardSocketEvents = (socket: Socket): void => {
  socket.use((packet, next) => {
    const [event, ...args] = packet;
    const needed = eventAccess(String(event));
    if (needed && socketMay(socket, needed)) return next();
    const ack = args.at(-1);
    const msg = needed
      ? `forbidden: ${String(event)} needs the ${needed} role`
      : `unknown event ${String(event)}`;
    if (typeof ack === "function") ack({ ok: false, msg });
  });
};
