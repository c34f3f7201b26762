// The `backups` room: the bytes copied by each running backup and its end, for every watching
// browser (the backups panel draws its progress bar from them; the list answers a late joiner).
import { globalSingleton } from "@/lib/global-singleton";
import type { BackupProgress } from "./events";
import type { PanelIo } from "./panel-io";

type Holder = { emit: ((payload: BackupProgress) => void) | null };

const holder = (): Holder => globalSingleton("backup-room", () => ({ emit: null }));
/** At most one progress message per backup this often (the copy reports every chunk). */
const PROGRESS_EVERY_MS = 200;
const lastSentMs = () => globalSingleton("backup-room-last", () => new Map<string, number>());

/** The `backups` room: browsers join with backups:watch; backups publish to it with publishBackupProgress. */
export const registerBackupRoom = (io: PanelIo): void => {
  holder().emit = (payload) => io.to("backups").emit("backups:progress", payload);
  io.on("connection", (socket) =>
    socket.on("backups:watch", (ack) => {
      void socket.join("backups");
      ack({ ok: true, data: undefined });
    }),
  );
};

/** Sends a backup's progress (throttled) or its end (always) to the watching browsers. */
export const publishBackupProgress = (progress: BackupProgress): void => {
  const now = Date.now();
  if (progress.state === "running") {
    if (now - (lastSentMs().get(progress.id) ?? 0) < PROGRESS_EVERY_MS) return;
    lastSentMs().set(progress.id, now);
  } else lastSentMs().delete(progress.id);
  holder().emit?.(progress);
};
