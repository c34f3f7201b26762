"use client";
import { useEffect, useState } from "react";
import { callApi } from "@/components/auth/api";
import type { ClusterStatus } from "@/lib/deploy/status-public";
import { environmentQuery } from "@/components/environments/environment-query";

const POLL_MS = 3000;

type Answer = { topology: string; status: ClusterStatus | null; error: string | null };

/** What runs now of a topology, from Docker itself (`/api/status`), polled every 3 s; null until known. */
export const useClusterStatus = (
  topology: string,
  environment?: string,
): { status: ClusterStatus | null; error: string | null } => {
  const [answer, setAnswer] = useState<Answer | null>(null);
  useEffect(() => {
    let live = true;
    const load = async () => {
      const reply = await callApi<ClusterStatus>(
        `/api/status?topology=${encodeURIComponent(topology)}${environmentQuery(environment)}`,
      );
      if (!live) return;
      setAnswer((old) =>
        reply.ok
          ? { topology, status: reply.data, error: null }
          : { topology, status: old?.topology === topology ? old.status : null, error: reply.error.message },
      );
    };
    void load();
    const timer = setInterval(load, POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [topology, environment]);
  // An answer about the previously selected topology says nothing about this one.
  return answer?.topology === topology ? answer : { status: null, error: null };
};
