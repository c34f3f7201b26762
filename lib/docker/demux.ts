// The Engine multiplexes stdout and stderr of a container without a TTY into 8-byte-header frames.

export type DemuxedOutput = { stdout: string; stderr: string };

/** Splits a multiplexed buffer into stdout and stderr; a buffer without frames is all stdout. */
export const demuxBuffer = (buffer: Buffer): DemuxedOutput => {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const stream = buffer[offset];
    const size = buffer.readUInt32BE(offset + 4);
    if ((stream !== 1 && stream !== 2 && stream !== 0) || buffer[offset + 1] !== 0) {
      return { stdout: buffer.toString("utf8"), stderr: "" };
    }
    const chunk = buffer.subarray(offset + 8, offset + 8 + size);
    (stream === 2 ? err : out).push(chunk);
    offset += 8 + size;
  }
  if (offset < buffer.length && offset === 0) return { stdout: buffer.toString("utf8"), stderr: "" };
  return { stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") };
};

/** Lines of text without the trailing empty one. */
export const linesOf = (text: string): string[] => {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === "") lines.pop();
  return lines;
};
