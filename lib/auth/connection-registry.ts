// Live connections (sockets) by who opened them, so signing out, disabling a user, changing their
// role or password, or revoking a token closes them at once instead of at the next handshake.
import { globalSingleton } from "@/lib/global-singleton";
import type { Principal } from "./principal";

/** What the registry needs of a socket: who it belongs to and how to close it. */
export type LiveConnection = { data: { principal?: Principal }; disconnect: (close?: boolean) => unknown };

const connections = (): Set<LiveConnection> => globalSingleton("live-connections", () => new Set());

/** Adds a connection; the caller removes it on disconnect with the returned function. */
export const trackConnection = (connection: LiveConnection): (() => void) => {
  connections().add(connection);
  return () => connections().delete(connection);
};

export type ConnectionMatch = { sessionId?: string; userId?: string; tokenId?: string };

/** Closes every connection of that session, user or token; answers how many. */
export const closeConnections = (match: ConnectionMatch): number => {
  let closed = 0;
  for (const connection of [...connections()]) {
    const principal = connection.data.principal;
    if (!principal) continue;
    const hit =
      (match.sessionId !== undefined && principal.sessionId === match.sessionId) ||
      (match.userId !== undefined && principal.userId === match.userId) ||
      (match.tokenId !== undefined && principal.tokenId === match.tokenId);
    if (!hit) continue;
    connections().delete(connection);
    connection.disconnect(true);
    closed += 1;
  }
  return closed;
};
