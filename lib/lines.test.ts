import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { readLines } from "./lines";

const collect = (chunks: (string | Buffer)[]): Promise<string[]> => {
  const stream = new PassThrough();
  const lines: string[] = [];
  readLines(stream, (line) => lines.push(line));
  const ended = new Promise<string[]>((resolve) =>
    stream.on("end", () => setImmediate(() => resolve(lines))),
  );
  for (const chunk of chunks) stream.write(chunk);
  stream.end();
  return ended;
};

describe("readLines", () => {
  it("joins a line split across chunks and gives the unterminated last line at the end", async () => {
    expect(await collect(["first li", "ne\r\nsecond\n\nthi", "rd"])).toEqual([
      "first line",
      "second",
      "",
      "third",
    ]);
  });

  it("keeps a UTF-8 character whole when its bytes arrive in two chunks", async () => {
    const bytes = Buffer.from("héllo wörld\n", "utf8");
    // "é" is 0xC3 0xA9: cut between its two bytes, and "ö" likewise.
    const e = bytes.indexOf(0xc3);
    const o = bytes.indexOf(0xc3, e + 1);
    expect(
      await collect([bytes.subarray(0, e + 1), bytes.subarray(e + 1, o + 1), bytes.subarray(o + 1)]),
    ).toEqual(["héllo wörld"]);
  });

  it("treats \\r\\n split between chunks as one line break", async () => {
    expect(await collect(["a\r", "\nb\n"])).toEqual(["a", "b"]);
  });

  it("leaves a stream's error to the stream's owner (an engine stream cut by a restart is no uncaught exception)", async () => {
    const uncaught: unknown[] = [];
    const note = (error: unknown) => uncaught.push(error);
    process.on("uncaughtException", note);
    try {
      const stream = new PassThrough();
      const seen: string[] = [];
      stream.on("error", (error) => seen.push(error.message));
      readLines(stream, () => undefined);
      stream.destroy(new Error("aborted"));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(seen).toEqual(["aborted"]);
    } finally {
      process.off("uncaughtException", note);
    }
    expect(uncaught).toEqual([]);
  });
});
