import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTarHasher } from "./tar-hasher";

const dir = mkdtempSync(path.join(tmpdir(), "tar-hasher-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha = (data: Buffer) => createHash("sha256").update(data).digest("hex");

describe("createTarHasher", () => {
  it("hashes every regular file of a GNU/PAX tar, long names and odd chunking included", () => {
    const root = path.join(dir, "data");
    const long = `${"deep-".repeat(30)}name`;
    mkdirSync(path.join(root, long), { recursive: true });
    const files: Record<string, Buffer> = {
      "data/empty": Buffer.alloc(0),
      "data/block": randomBytes(512),
      "data/odd": randomBytes(70_001),
      [`data/${long}/inner-${"x".repeat(120)}.bin`]: randomBytes(1234),
    };
    for (const [name, data] of Object.entries(files)) writeFileSync(path.join(dir, name), data);
    symlinkSync("odd", path.join(root, "link"));
    const far = `/elsewhere/${"far-".repeat(40)}target`;
    symlinkSync(far, path.join(root, "long-link"));
    for (const format of ["gnu", "pax"]) {
      const archive = execFileSync("tar", ["-C", dir, `--format=${format}`, "-cf", "-", "data"]);
      const hasher = createTarHasher();
      // Chunks that split headers and data at awkward places.
      for (let i = 0; i < archive.length; i += 333) hasher.write(archive.subarray(i, i + 333));
      const entries = hasher.finish();
      const hashed = Object.fromEntries(
        entries.filter((e) => e.kind === "file").map((e) => [e.path, [e.sha256, e.sizeBytes]]),
      );
      expect(hashed).toEqual(
        Object.fromEntries(Object.entries(files).map(([name, data]) => [name, [sha(data), data.length]])),
      );
      expect(entries.find((e) => e.path === "data/link")).toMatchObject({
        kind: "symlink",
        linkTarget: "odd",
      });
      // A target over 100 bytes: GNU's K entry, PAX's linkpath.
      expect(entries.find((e) => e.path === "data/long-link")?.linkTarget).toBe(far);
      expect(entries.filter((e) => e.kind === "directory").map((e) => e.path.replace(/\/$/, ""))).toContain(
        `data/${long}`,
      );
    }
  });

  it("refuses a truncated archive", () => {
    writeFileSync(path.join(dir, "big"), randomBytes(4096));
    const archive = execFileSync("tar", ["-C", dir, "-cf", "-", "big"]);
    const hasher = createTarHasher();
    hasher.write(archive.subarray(0, 2000));
    expect(() => hasher.finish()).toThrow(/truncated/);
  });
});
