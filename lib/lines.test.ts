import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { readLines } from "./lines";

describe("readLines", () => {
  it("joins a line split across chunks and gives the unterminated last line at the end", () => {
    const stream = new PassThrough();
    const lines: string[] = [];
    readLines(stream, (line) => lines.push(line));
    stream.write("first li");
    stream.write("ne\r\nsecond\n\nthi");
    expect(lines).toEqual(["first line", "second", ""]);
    stream.end("rd");
    return new Promise<void>((resolve) =>
      stream
        .on("end", () => {
          expect(lines).toEqual(["first line", "second", "", "third"]);
          resolve();
        })
        .resume(),
    );
  });
});
