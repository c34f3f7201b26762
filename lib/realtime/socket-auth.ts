// socket.io goes through the same checks as HTTP: the handshake must name an allowed host, come
// from this panel's origin and carry a valid session cookie or API token; each event then checks
// that the session is still live (cached for a few seconds), the role it needs and its payload.
import type { Socket } from "socket.io";
import { trackConnection } from "@/lib/auth/connection-registry";
import { principalFromHeaders, refreshPrincipal, type Principal } from "@/lib/auth/principal";
import { hasRole, type Role } from "@/lib/auth/roles";
import { hostRefusal, isAllowedHost, type AllowedHosts } from "@/lib/http/allowed-hosts";
import { isCrossSite } from "@/lib/http/origin";
import { eventAccess } from "./event-access";
import { payloadProblem } from "./event-payloads";
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from "./events";

type PanelSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** How long an event may rely on the last session check; sign-out etc. also close sockets at once. */
export const SESSION_RECHECK_MS = 5_000;

/** socket.io middleware: refuses foreign hosts, cross-site or anonymous handshakes, stores the principal. */
export const authenticateSocket = async ({
  socket,
  next,
  allowedHosts,
}: {
  socket: PanelSocket;
  next: (error?: Error) => void;
  allowedHosts: AllowedHosts;
}): Promise<void> => {
  const { headers } = socket.handshake;
  if (!isAllowedHost({ host: headers.host, allowed: allowedHosts }))
    return next(new Error(`forbidden: ${hostRefusal(headers.host)}`));
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
    socket.data.checkedAtMs = Date.now();
    const untrack = trackConnection(socket);
    socket.once("disconnect", untrack);
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

/** The principal as of now (re-read when the last check is older than SESSION_RECHECK_MS). */
const livePrincipal = async (socket: PanelSocket): Promise<Principal | null> => {
  const principal = socketPrincipal(socket);
  if (!principal) return null;
  if (Date.now() - (socket.data.checkedAtMs ?? 0) < SESSION_RECHECK_MS) return principal;
  const fresh = await refreshPrincipal(principal).catch(() => null);
  socket.data.principal = fresh ?? undefined;
  socket.data.checkedAtMs = Date.now();
  return fresh;
};

/**
 * Per-event guard (socket.use): an ended session disconnects; unknown events, events above the
 * principal's role and malformed payloads are refused on the event's acknowledgement.
 */
export const guardSocketEvents = (socket: PanelSocket): void => {
  socket.use((packet, next) => {
    const [event, ...args] = packet;
    const name = String(event);
    const ack = args.at(-1);
    const refuse = (msg: string) => {
      if (typeof ack === "function") (ack as (answer: unknown) => void)({ ok: false, msg });
    };
    void livePrincipal(socket).then((principal) => {
      if (!principal) {
        refuse("unauthorized: the session has ended; sign in again");
        socket.disconnect(true);
        return;
      }
      const needed = eventAccess(name);
      if (!needed) return refuse(`unknown event ${name}`);
      if (!hasRole({ actual: principal.role, needed }))
        return refuse(`forbidden: ${name} needs the ${needed} role`);
      const problem = payloadProblem(name, args);
      if (problem) return refuse(problem);
      next();
    });
  });
};
