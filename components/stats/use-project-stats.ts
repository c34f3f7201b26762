"use client";
import { useEffect, useReducer } from "react";
import { usePanelSocket } from "@/components/realtime/use-realtime";
import type { StatsBatch } from "@/lib/realtime/stats-series";
import { initialStatsState, projectStatsReducer, type ProjectStatsState } from "./stats-state";

/**
 * Live stats of one compose project: watches `stats:<project>` (history at once, then a batch a
 * second), watches again after every reconnect without a reload, and unwatches on unmount.
 */
export const useProjectStats = ({ project }: { project: string }): ProjectStatsState => {
  const socket = usePanelSocket();
  const [state, dispatch] = useReducer(projectStatsReducer, project, initialStatsState);

  useEffect(() => {
    if (!socket) return;
    let active = true;
    const join = () => {
      dispatch({ type: "joining", project });
      socket.emit("stats:watch", { project }, (answer) => {
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
      if (socket.connected) socket.emit("stats:unwatch", { project }, () => undefined);
    };
  }, [socket, project]);

  return state.project === project ? state : initialStatsState(project);
};
