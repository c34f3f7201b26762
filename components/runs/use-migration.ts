"use client";
// A migration's stored steps, kept current: read once, then again whenever the panel's socket says
// this migration changed (room `migrations`), with a slow re-read while it runs as the fallback for
// a socket that could not connect.
import { useEffect, useState } from "react";
import { callApi } from "@/components/auth/api";
import { usePanelSocket } from "@/components/realtime/use-realtime";
import type { MigrationView } from "@/lib/operations/migration";
import type { MigrationChange } from "@/lib/realtime/events";

const FALLBACK_READ_MS = 5000;

/** The migration `id` as GET /api/v1/migrations/{id} answers it, live; null before the first read (or with no id). */
export const useMigration = (id: string | null): MigrationView | null => {
  const [view, setView] = useState<MigrationView | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!id) return;
    let current = true;
    void callApi<MigrationView>(`/api/v1/migrations/${encodeURIComponent(id)}`).then((answer) => {
      if (current && answer.ok) setView(answer.data);
    });
    return () => {
      current = false;
    };
  }, [id, version]);
  const socket = usePanelSocket();
  useEffect(() => {
    if (!socket || !id) return;
    const onChange = (change: MigrationChange) => {
      if (change.id === id) setVersion((v) => v + 1);
    };
    // A reconnected socket is in no room: join again, and read what changed while it was away.
    const join = () => {
      socket.emit("migrations:watch", () => undefined);
      setVersion((v) => v + 1);
    };
    socket.on("migrations:changed", onChange);
    socket.on("connect", join);
    socket.emit("migrations:watch", () => undefined);
    return () => {
      socket.off("migrations:changed", onChange);
      socket.off("connect", join);
    };
  }, [socket, id]);
  const running = view?.outcome === "running";
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setVersion((v) => v + 1), FALLBACK_READ_MS);
    return () => clearInterval(timer);
  }, [running]);
  return id && view?.id === id ? view : null;
};
