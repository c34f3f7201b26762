"use client";
import { useEffect, useState } from "react";
import type { Heartbeat } from "@/lib/realtime/events";
import { useConnected, usePanelSocket } from "./use-realtime";

/** A dot that is green while server heartbeats arrive, grey and labelled when the live link is down. */
export const HeartbeatIndicator = () => {
  const socket = usePanelSocket();
  const connected = useConnected();
  const [beat, setBeat] = useState<Heartbeat | null>(null);

  useEffect(() => {
    if (!socket) return;
    const onBeat = (next: Heartbeat) => setBeat(next);
    socket.on("heartbeat", onBeat);
    return () => {
      socket.off("heartbeat", onBeat);
    };
  }, [socket]);

  const time = beat ? new Date(beat.serverTime).toLocaleTimeString() : "—";
  return (
    <span
      data-testid="heartbeat"
      data-connected={connected}
      data-server-time={beat?.serverTime ?? ""}
      className="flex items-center gap-1.5 text-xs text-zinc-500"
      title="Live connection to the panel (server time)"
    >
      <span className={`inline-block h-2 w-2 rounded-full ${connected ? "bg-emerald-500" : "bg-zinc-400"}`} />
      {connected ? `live · ${time}` : "offline"}
    </span>
  );
};
