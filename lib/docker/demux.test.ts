import { describe, expect, it } from "vitest";
import { demuxBuffer, linesOf } from "./demux";
import { commandOfTest } from "./exec";

const frame = (stream: 1 | 2, text: string): Buffer => {
  const body = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
};

describe("demuxBuffer", () => {
  it("splits the Engine's frames into stdout and stderr", () => {
    const buffer = Buffer.concat([frame(1, "out 1\n"), frame(2, "err 1\n"), frame(1, "out 2\n")]);
    expect(demuxBuffer(buffer)).toEqual({ stdout: "out 1\nout 2\n", stderr: "err 1\n" });
  });
  it("treats unframed output (a TTY container) as stdout", () => {
    expect(demuxBuffer(Buffer.from("plain text\n"))).toEqual({ stdout: "plain text\n", stderr: "" });
  });
  it("gives lines without the trailing empty one", () => {
    expect(linesOf("a\r\nb\n")).toEqual(["a", "b"]);
    expect(linesOf("")).toEqual([]);
  });
});

describe("commandOfTest", () => {
  it("runs CMD-SHELL through /bin/sh -c and CMD as given", () => {
    expect(commandOfTest(["CMD-SHELL", "curl -f http://localhost/ || exit 1"])).toEqual([
      "/bin/sh",
      "-c",
      "curl -f http://localhost/ || exit 1",
    ]);
    expect(commandOfTest(["CMD", "redis-cli", "ping"])).toEqual(["redis-cli", "ping"]);
  });
});
