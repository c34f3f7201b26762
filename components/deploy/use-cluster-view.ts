"use client";
import { useEffect, useState } from "react";
import { callApi } from "@/components/auth/api";
import type { ClusterScaleView } from "@/lib/operations/cluster-view";
import { environmentQuery } from "@/components/environments/environment-query";

const POLL_MS = 3000;

type Answer = { topology: string; view: ClusterScaleView | null; error: string | null };

/**
 * The topology's cluster from the server, one request every few seconds (`/api/cluster`): what runs
 * by service (Docker), the load balancer, the latest stored run and latency test — what a freshly
 * restarted panel knows without any live run. Reloaded at once when `refreshKey` changes (a run
 * finished). After a failed poll the last view stays, with the error beside it.
 */
export const useClusterView = (
  topology: string,
  refreshKey: string,
  environment?: string,
): { view: ClusterScaleView | null; error: string | null } => {
  const [answer, setAnswer] = useState<Answer | null>(null);
  useEffect(() => {
    let live = true;
    const load = async () => {
      const reply = await callApi<ClusterScaleView>(
        `/api/cluster?topology=${encodeURIComponent(topology)}${environmentQuery(environment)}`,
      );
      if (!live) return;
      setAnswer((old) =>
        reply.ok
          ? { topology, view: reply.data, error: null }
          : { topology, view: old?.topology === topology ? old.view : null, error: reply.error.message },
      );
    };
    void load();
    const timer = setInterval(load, POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [topology, refreshKey, environment]);
  // An answer about the previously selected topology says nothing about this one.
  return answer?.topology === topology ? answer : { view: null, error: null };
};
