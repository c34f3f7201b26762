// Live connections (sockets, Server-Sent Event streams) by who opened them, so signing out,
// disabling a user, changing their role or password, or revoking a token closes them at once
// (in the same tick as the change) instead of at the next handshake or keep-alive.
import { globalSingleton } from "@/lib/global-singleton";
import type { Principal } from "./principal";

/** What the registry needs of a socket or stream: who it belongs to and how to close it. */
export type LiveConnection = { data: { principal?: Principal }; disconnect: (close?: boolean) => unknown };

const connections = (): Set<LiveConnection> => globalSingleton("live-connections", () => new Set());

/** Adds a connection; the caller removes it on disconnect with the returned function. */
export const trackConnection = (connection: LiveConnection): (() => void) => {
  connections().add(connection);
  return () => connections().delete(connection);
};

export type ConnectionMatch = {
  sessionId?: string;
  userId?: string;
  tokenId?: string;
  /** With userId: only that user's browser sessions, all but this one (2FA turned on signs the others out). */
  keepSessionId?: string | null;
};

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
    const spared =
      match.keepSessionId !== undefined &&
      (principal.via !== "session" || principal.sessionId === match.keepSessionId);
    if (!hit || spared) continue;
    connections().delete(connection);
    connection.disconnect(true);
    closed += 1;
  }
  return closed;
};
