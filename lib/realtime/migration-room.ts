// The `migrations` room: a nudge each time a migration stores a step's change, so the dashboard's
// migration panel and the run page redraw its steps live (they read the steps themselves through
// GET /api/v1/migrations/{id}: one source of truth, and a late joiner reads the same).
import { globalSingleton } from "@/lib/global-singleton";
import type { MigrationChange } from "./events";
import type { PanelIo } from "./panel-io";

const holder = (): { emit: ((change: MigrationChange) => void) | null } =>
  globalSingleton("migration-room", () => ({ emit: null }));

/** The `migrations` room: browsers join with migrations:watch; migrations tell it with publishMigrationChange. */
export const registerMigrationRoom = (io: PanelIo): void => {
  holder().emit = (change) => io.to("migrations").emit("migrations:changed", change);
  io.on("connection", (socket) =>
    socket.on("migrations:watch", (ack) => {
      void socket.join("migrations");
      ack({ ok: true, data: undefined });
    }),
  );
};

/** Tells the watching browsers that a migration's stored steps changed (nothing before the socket server runs). */
export const publishMigrationChange = (change: MigrationChange): void => holder().emit?.(change);
