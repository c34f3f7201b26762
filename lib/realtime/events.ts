/**
 * The typed socket.io event map, shared by server.ts and the browser. Every client→server event
 * carries an acknowledgement answered with an `Ack`.
 */
export type Ack<T = undefined> = { ok: true; data: T } | { ok: false; msg: string };

export type Heartbeat = { serverTime: string; uptimeMs: number };

export type ServerToClientEvents = {
  heartbeat: (beat: Heartbeat) => void;
};

export type ClientToServerEvents = {
  ping: (ack: (answer: Ack<{ serverTime: string }>) => void) => void;
};

export type InterServerEvents = Record<string, never>;
export type SocketData = Record<string, never>;
