// The shared installer's answers on a machine that lacks packages, without installing anything:
// PATH holds only shims, so every listed command is "missing", and `id` says who we are.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const shims = mkdtempSync(join(tmpdir(), "packages-test-"));
const shim = (name: string, body: string) => {
  writeFileSync(join(shims, name), `#!/bin/sh\n${body}\n`);
  chmodSync(join(shims, name), 0o755);
};
shim("id", 'echo "${FAKE_UID:-1000}"');
shim("apt-get", "exit 0");
afterAll(() => rmSync(shims, { recursive: true, force: true }));

const packages = (args: string[], env: Record<string, string> = {}) =>
  spawnSync("/bin/bash", ["scripts/env/packages.sh", ...args], {
    env: { ...process.env, PATH: shims, ...env },
    encoding: "utf8",
  });

describe("scripts/env/packages.sh", () => {
  it("--check lists what the image kit lacks and fails", () => {
    const answer = packages(["--check", "kit"]);
    expect(answer.status).toBe(1);
    expect(answer.stdout.trim().split(" ")).toEqual(["docker.io", "debootstrap", "util-linux", "coreutils"]);
  });

  it("as another user, stops with one sentence naming the packages and the exact command", () => {
    const answer = packages(["kit"]);
    expect(answer.status).toBe(1);
    expect(answer.stdout).toBe("");
    expect(answer.stderr.trim().split("\n")).toEqual([
      "Missing docker.io debootstrap util-linux coreutils, which only root on Debian can install from here: " +
        "run `sudo apt-get install -y docker.io debootstrap util-linux coreutils`, then run this command again.",
    ]);
  });

  it("names each package once across sets and refuses an unknown set", () => {
    expect(packages(["--check", "docker", "kit"]).stdout.trim().split(" ")).toEqual([
      "docker.io",
      "procps",
      "debootstrap",
      "util-linux",
      "coreutils",
    ]);
    expect(packages(["--check", "gpu"]).status).toBe(2);
  });
});
