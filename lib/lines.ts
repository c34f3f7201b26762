// Text streams (container logs, Docker's JSON event and stats streams, a child process's output)
// arrive in chunks that may end mid-line, or mid-character: node:readline keeps both whole (it
// decodes UTF-8 with a StringDecoder and holds the unfinished line until the next chunk).
import { createInterface } from "node:readline";

/** Calls `onLine` for every line of `stream` (without its \n or \r\n), the last one at its end. */
export const readLines = (stream: NodeJS.ReadableStream, onLine: (line: string) => void): void => {
  // crlfDelay Infinity: a \r\n split across two chunks is one line break, not two.
  const lines = createInterface({ input: stream, crlfDelay: Infinity, terminal: false });
  lines.on("line", onLine);
  // readline re-emits its input's errors on itself: unheard, an engine stream cut by a restart
  // ("aborted") was an uncaught exception that ended the panel. The stream's owner handles them.
  lines.on("error", () => undefined);
};
