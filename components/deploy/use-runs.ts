"use client";
import { useEffect, useState } from "react";
import type { RunSnapshot } from "@/lib/deploy/browser-types";
import { reduceRunState } from "@/lib/deploy/run-state";
import { useConnected, usePanelSocket } from "@/components/realtime/use-realtime";

/**
 * Every run this panel process has in flight or recently finished, kept current from `runs` room
 * events; on (re)connect it re-joins and takes the server's snapshots, so nothing needs a reload.
 */
export const useRuns = (): Record<string, RunSnapshot> => {
  const socket = usePanelSocket();
  const connected = useConnected();
  const [runs, setRuns] = useState<Record<string, RunSnapshot>>({});

  useEffect(() => {
    if (!socket || !connected) return;
    let live = true;
    socket.emit("runs:watch", (answer) => {
      if (live && answer.ok)
        setRuns((old) => ({ ...old, ...Object.fromEntries(answer.data.map((r) => [r.runId, r])) }));
    });
    const onEvent = (event: Parameters<typeof reduceRunState>[1]) =>
      setRuns((old) => {
        const next = reduceRunState(old[event.runId], event);
        return next ? { ...old, [event.runId]: next } : old;
      });
    socket.on("run:event", onEvent);
    return () => {
      live = false;
      socket.off("run:event", onEvent);
    };
  }, [socket, connected]);

  return runs;
};

/**
 * Why nothing new may start while `run` has its verdict but Docker has not yet confirmed the health
 * checks (in flight with an outcome); null otherwise.
 */
export const finishingReason = (run: RunSnapshot | null): string | null =>
  run !== null && run.result === null && run.outcome !== null
    ? "waiting for Docker to confirm the health checks (at most one check interval; Cancel stops waiting)"
    : null;
