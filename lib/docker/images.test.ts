import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildContextFiles } from "./images";

const made: string[] = [];
const context = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "build-context-"));
  made.push(dir);
  mkdirSync(join(dir, "app"));
  writeFileSync(join(dir, "Dockerfile"), "FROM scratch\n");
  writeFileSync(join(dir, "app", "main.sh"), "true\n");
  return dir;
};
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("the files of a build context", () => {
  it("lists files and links (a link is packed as a link, never followed), not .git", () => {
    const dir = context();
    mkdirSync(join(dir, ".git"));
    writeFileSync(join(dir, ".git", "HEAD"), "ref\n");
    symlinkSync("/etc/hostname", join(dir, "outside-link"));
    expect(buildContextFiles(dir).sort()).toEqual(["Dockerfile", "app/main.sh", "outside-link"]);
  });

  it("refuses a FIFO at once, naming it, instead of hanging the build on it", () => {
    const dir = context();
    execFileSync("mkfifo", [join(dir, "app", "pipe")]);
    expect(() => buildContextFiles(dir)).toThrow(/app\/pipe, which is neither a file, a folder nor a link/);
  });
});
