// Text streams (container logs, Docker's JSON event and stats streams, a child process's output)
// arrive in chunks that may end mid-line: the unfinished rest waits for the next chunk.

/** Calls `onLine` for every line of `stream` (without its \n or \r\n), the last one at its end. */
export const readLines = (stream: NodeJS.ReadableStream, onLine: (line: string) => void): void => {
  let pending = "";
  stream.on("data", (chunk: Buffer | string) => {
    const parts = (pending + chunk.toString()).split(/\r?\n/);
    pending = parts.pop() ?? "";
    for (const line of parts) onLine(line);
  });
  stream.on("end", () => {
    if (pending) onLine(pending);
    pending = "";
  });
};
