// Reads a tar stream as it passes (ustar, PAX and GNU long names, as Docker's archive endpoint and
// GNU tar write them) and answers every entry with its size and, for a regular file, its sha256:
// the snapshot's manifest, computed from the very bytes that are stored.
import { createHash, type Hash } from "node:crypto";

const BLOCK = 512;

export type TarEntryKind = "file" | "directory" | "symlink" | "hardlink" | "other";

export type TarEntry = {
  path: string;
  kind: TarEntryKind;
  sizeBytes: number;
  /** sha256 of a regular file's bytes; null for anything else. */
  sha256: string | null;
  /** What a symbolic or hard link points to; null for anything else. */
  linkTarget: string | null;
};

const KIND_OF: Record<string, TarEntryKind> = {
  "0": "file",
  "\0": "file",
  "7": "file",
  "5": "directory",
  "2": "symlink",
  "1": "hardlink",
};

const text = (block: Buffer, start: number, length: number): string => {
  const slice = block.subarray(start, start + length);
  const end = slice.indexOf(0);
  return slice.subarray(0, end === -1 ? slice.length : end).toString("utf8");
};

/** A tar number field: octal text, or base-256 when its first byte has the high bit. */
const numberField = (block: Buffer, start: number, length: number): number => {
  const first = block[start] ?? 0;
  if (first & 0x80) {
    let value = first & 0x7f;
    for (let i = 1; i < length; i++) value = value * 256 + (block[start + i] ?? 0);
    return value;
  }
  const digits = text(block, start, length).trim();
  return digits === "" ? 0 : Number.parseInt(digits, 8);
};

/** PAX records "<len> key=value\n" → a map. */
const paxRecords = (data: Buffer): Map<string, string> => {
  const records = new Map<string, string>();
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    if (space === -1) break;
    const length = Number.parseInt(data.subarray(offset, space).toString("ascii"), 10);
    if (!Number.isFinite(length) || length <= 0) break;
    const record = data.subarray(space + 1, offset + length - 1).toString("utf8");
    const eq = record.indexOf("=");
    if (eq > 0) records.set(record.slice(0, eq), record.slice(eq + 1));
    offset += length;
  }
  return records;
};

/** A tar stream reader: `write` each chunk in order, then `finish()` for the entries. */
export type TarHasher = { write: (chunk: Buffer) => void; finish: () => TarEntry[] };

/** Makes a reader that hashes every regular file of a tar stream as its chunks pass. */
export const createTarHasher = (): TarHasher => {
  const entries: TarEntry[] = [];
  let header = Buffer.alloc(0);
  // The entry whose data is being read.
  let current: {
    entry: TarEntry | null;
    meta: "pax" | "gnu-name" | "gnu-link" | null;
    hash: Hash | null;
    metaData: Buffer[];
  } | null = null;
  let remaining = 0;
  let padding = 0;
  let ended = false;
  let nextPath: string | null = null;
  let nextSize: number | null = null;
  let nextLink: string | null = null;

  const closeEntry = () => {
    if (!current) return;
    if (current.meta === "pax") {
      const records = paxRecords(Buffer.concat(current.metaData));
      nextPath = records.get("path") ?? nextPath;
      nextLink = records.get("linkpath") ?? nextLink;
      const size = records.get("size");
      if (size !== undefined) nextSize = Number.parseInt(size, 10);
    } else if (current.meta === "gnu-name") {
      nextPath = text(Buffer.concat(current.metaData), 0, Number.MAX_SAFE_INTEGER);
    } else if (current.meta === "gnu-link") {
      nextLink = text(Buffer.concat(current.metaData), 0, Number.MAX_SAFE_INTEGER);
    } else if (current.entry) {
      if (current.hash) current.entry.sha256 = current.hash.digest("hex");
      entries.push(current.entry);
    }
    current = null;
  };

  const startEntry = (block: Buffer) => {
    if (block.every((b) => b === 0)) {
      ended = true;
      return;
    }
    const type = String.fromCharCode(block[156] ?? 0);
    const magic = text(block, 257, 6);
    const prefix = magic.startsWith("ustar") ? text(block, 345, 155) : "";
    const name = text(block, 0, 100);
    let size = numberField(block, 124, 12);
    if (type === "x" || type === "L" || type === "K") {
      const meta = type === "x" ? "pax" : type === "L" ? "gnu-name" : "gnu-link";
      current = { entry: null, meta, hash: null, metaData: [] };
    } else if (type === "g") {
      current = { entry: null, meta: null, hash: null, metaData: [] };
    } else {
      if (nextSize !== null) size = nextSize;
      const kind = KIND_OF[type] ?? "other";
      const path = nextPath ?? (prefix ? `${prefix}/${name}` : name);
      const link = kind === "symlink" || kind === "hardlink" ? (nextLink ?? text(block, 157, 100)) : null;
      nextPath = null;
      nextSize = null;
      nextLink = null;
      current = {
        entry: { path, kind, sizeBytes: kind === "file" ? size : 0, sha256: null, linkTarget: link },
        meta: null,
        hash: kind === "file" ? createHash("sha256") : null,
        metaData: [],
      };
    }
    remaining = size;
    padding = (BLOCK - (size % BLOCK)) % BLOCK;
    if (remaining === 0 && padding === 0) closeEntry();
  };

  const write = (input: Buffer) => {
    let chunk = input;
    while (chunk.length > 0 && !ended) {
      if (remaining > 0) {
        const take = chunk.subarray(0, Math.min(remaining, chunk.length));
        if (current?.hash) current.hash.update(take);
        else if (current?.meta) current.metaData.push(Buffer.from(take));
        remaining -= take.length;
        chunk = chunk.subarray(take.length);
        if (remaining === 0 && padding === 0) closeEntry();
        continue;
      }
      if (padding > 0) {
        const skip = Math.min(padding, chunk.length);
        padding -= skip;
        chunk = chunk.subarray(skip);
        if (padding === 0) closeEntry();
        continue;
      }
      const need = BLOCK - header.length;
      header = Buffer.concat([header, chunk.subarray(0, need)]);
      chunk = chunk.subarray(need);
      if (header.length === BLOCK) {
        const block = header;
        header = Buffer.alloc(0);
        startEntry(block);
      }
    }
  };

  return {
    write,
    finish: () => {
      if (remaining > 0 || padding > 0 || header.length > 0)
        throw new Error("the archive ended inside an entry (a truncated tar stream)");
      closeEntry();
      return entries;
    },
  };
};
