// Text streams (container logs, Docker's JSON event and stats streams, a child process's output)
// arrive in chunks that may end mid-line, or mid-character: node:readline keeps both whole (it
// decodes UTF-8 with a StringDecoder and holds the unfinished line until the next chunk).
import { createInterface } from "node:readline";

/** Calls `onLine` for every line of `stream` (without its \n or \r\n), the last one at its end. */
export const readLines = (stream: NodeJS.ReadableStream, onLine: (line: string) => void): void => {
  // crlfDelay Infinity: a \r\n split across two chunks is one line break, not two.
  createInterface({ input: stream, crlfDelay: Infinity, terminal: false }).on("line", onLine);
};
