"use client";
import { useEffect, useReducer, useRef } from "react";
import { usePanelSocket } from "@/components/realtime/use-realtime";
import type { StatsBatch } from "@/lib/stats/series";
import { initialStatsState, projectStatsReducer, type ProjectStatsState } from "./stats-state";

/**
 * Live stats of one compose project: watches `stats:<project>` (history at once, then a batch every
 * `intervalMs`, 1 s by default), watches again after every reconnect without a reload, asks the new
 * rate when `intervalMs` changes, and unwatches on unmount.
 */
export const useProjectStats = ({
  project,
  intervalMs,
  environment,
}: {
  project: string;
  intervalMs?: number;
  /** The environment's name (undefined: the panel's own engine). */
  environment?: string;
}): ProjectStatsState => {
  const socket = usePanelSocket();
  const [state, dispatch] = useReducer(projectStatsReducer, project, initialStatsState);
  // Read by (re)joins; a change of rate alone re-asks below without leaving the room.
  const rate = useRef(intervalMs);

  useEffect(() => {
    if (!socket) return;
    let active = true;
    const join = () => {
      dispatch({ type: "joining", project });
      socket.emit("stats:watch", { project, intervalMs: rate.current, environment }, (answer) => {
        if (!active) return;
        dispatch(answer.ok ? { type: "history", history: answer.data } : { type: "error", msg: answer.msg });
      });
    };
    const onSample = (batch: StatsBatch) => dispatch({ type: "batch", batch });
    socket.on("stats:sample", onSample);
    socket.on("connect", join);
    if (socket.connected) join();
    else dispatch({ type: "joining", project });
    return () => {
      active = false;
      socket.off("stats:sample", onSample);
      socket.off("connect", join);
      if (socket.connected) socket.emit("stats:unwatch", { project, environment }, () => undefined);
    };
  }, [socket, project, environment]);

  useEffect(() => {
    if (rate.current === intervalMs) return;
    rate.current = intervalMs;
    if (socket?.connected) socket.emit("stats:watch", { project, intervalMs, environment }, () => undefined);
  }, [socket, project, intervalMs, environment]);

  return state.project === project ? state : initialStatsState(project);
};
