import type { Role } from "@/lib/auth/roles";
import type { ClientToServerEvents } from "./events";

/**
 * The role each client→server event needs. `satisfies` makes a new event without an entry a
 * compile error, and the server refuses any event not listed here, so none can be forgotten.
 */
export const CLIENT_EVENT_ACCESS = {
  ping: "viewer",
  "stats:watch": "viewer",
  "stats:unwatch": "viewer",
  "run:watch": "viewer",
  "run:unwatch": "viewer",
  "runs:watch": "viewer",
  "logs:follow": "viewer",
  "logs:followProject": "viewer",
  "logs:unfollow": "viewer",
  "images:watch": "viewer",
  "backups:watch": "viewer",
  "migrations:watch": "viewer",
} as const satisfies Record<keyof ClientToServerEvents, Role>;

/** The role an incoming event needs, or null for an event the panel does not know. */
export const eventAccess = (event: string): Role | null =>
  Object.hasOwn(CLIENT_EVENT_ACCESS, event)
    ? CLIENT_EVENT_ACCESS[event as keyof typeof CLIENT_EVENT_ACCESS]
    : null;
