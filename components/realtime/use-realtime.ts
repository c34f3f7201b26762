"use client";
import { useSyncExternalStore } from "react";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/realtime/events";

export type PanelSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let shared: PanelSocket | null = null;

// One socket.io connection per browser tab, created on first use and shared by every component.
const getSocket = (): PanelSocket => (shared ??= io({ transports: ["websocket", "polling"] }));
const noSubscription = () => () => undefined;

/** The tab's socket (null while rendering on the server). */
export const usePanelSocket = (): PanelSocket | null =>
  useSyncExternalStore(noSubscription, getSocket, () => null);

const subscribeConnection = (onChange: () => void) => {
  const socket = getSocket();
  socket.on("connect", onChange);
  socket.on("disconnect", onChange);
  return () => {
    socket.off("connect", onChange);
    socket.off("disconnect", onChange);
  };
};

/** Whether the live link to the panel is up; reconnects are handled by socket.io itself. */
export const useConnected = (): boolean =>
  useSyncExternalStore(
    subscribeConnection,
    () => getSocket().connected,
    () => false,
  );
