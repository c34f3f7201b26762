// The `images` room: lines of a running image-kit build and its result, for every watching browser.
import { globalSingleton } from "@/lib/global-singleton";
import type { PanelIo } from "./panel-io";

type Room = { line: (line: string) => void; done: (ok: boolean) => void };
type Holder = {
  emit: ((event: "images:log", payload: { line: string } | { done: true; ok: boolean }) => void) | null;
};

const holder = (): Holder => globalSingleton("image-kit-room", () => ({ emit: null }));

/** The `images` room: browsers join with images:watch; builds emit to it through getImageKitRoom. */
export const registerImageKitRoom = (io: PanelIo): void => {
  holder().emit = (event, payload) => io.to("images").emit(event, payload);
  io.on("connection", (socket) =>
    socket.on("images:watch", (ack) => {
      void socket.join("images");
      ack({ ok: true, data: undefined });
    }),
  );
};

/** Where a build sends its output. */
export const getImageKitRoom = (): Room => ({
  line: (line) => holder().emit?.("images:log", { line }),
  done: (ok) => holder().emit?.("images:log", { done: true, ok }),
});
