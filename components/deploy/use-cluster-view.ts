"use client";
import { useEffect, useState } from "react";
import { callApi } from "@/components/auth/api";
import type { ClusterScaleView } from "@/lib/operations/cluster-view";
import { environmentQuery } from "@/components/environments/environment-query";

const POLL_MS = 3000;

/**
 * The topology's running cluster, load balancer and latest stored run, from the server (Docker by
 * label and the database): what a freshly restarted panel knows without any live run. Reloaded
 * every few seconds and whenever `refreshKey` changes (a run finished).
 */
export const useClusterView = (
  topology: string,
  refreshKey: string,
  environment?: string,
): ClusterScaleView | null => {
  const [view, setView] = useState<ClusterScaleView | null>(null);
  useEffect(() => {
    let live = true;
    const load = async () => {
      const answer = await callApi<ClusterScaleView>(
        `/api/cluster?topology=${encodeURIComponent(topology)}${environmentQuery(environment)}`,
      );
      if (live && answer.ok) setView(answer.data);
    };
    void load();
    const timer = setInterval(load, POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [topology, refreshKey, environment]);
  return view;
};
