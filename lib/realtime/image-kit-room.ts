// The `images` room: lines of a running image-kit build and its result, for every watching browser.
import { globalSingleton } from "@/lib/global-singleton";

type Room = { line: (line: string) => void; done: (ok: boolean) => void };
type Holder = {
  emit: ((event: "images:log", payload: { line: string } | { done: true; ok: boolean }) => void) | null;
};

const holder = (): Holder => globalSingleton("image-kit-room", () => ({ emit: null }));

/** Called once by attachRealtime with a function that emits to the `images` room. */
export const bindImageKitRoom = (emit: NonNullable<Holder["emit"]>): void => {
  holder().emit = emit;
};

/** Where a build sends its output. */
export const getImageKitRoom = (): Room => ({
  line: (line) => holder().emit?.("images:log", { line }),
  done: (ok) => holder().emit?.("images:log", { done: true, ok }),
});
