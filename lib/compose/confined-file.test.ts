// The confined file reader: what it reads (regular files under the topology's folder, approved
// files by real path and content hash) and what it refuses, always with the same answer.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { confinedPath, MAX_TOPOLOGY_FILE_BYTES, readConfinedFile } from "./confined-file";
import { loadTopology } from "./load-topology";

const root = mkdtempSync(join(tmpdir(), "confined-"));
const dir = join(root, "topology");
const outside = join(root, "outside");
mkdirSync(dir);
mkdirSync(outside);
writeFileSync(join(dir, "app.env"), "A=1\n");
writeFileSync(join(outside, "secret.env"), "SECRET=outside-value\n");
mkdirSync(join(dir, "folder"));
symlinkSync(join(outside, "secret.env"), join(dir, "link.env"));
symlinkSync(outside, join(dir, "linked-folder"));
symlinkSync("/proc/self/environ", join(dir, "environ.env"));
execFileSync("mkfifo", [join(dir, "pipe.env")]);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const REFUSED = { ok: false, reason: "refused" };

describe("readConfinedFile", () => {
  it("reads a regular file under the folder, with its real path and content hash", async () => {
    expect(await readConfinedFile({ path: join(dir, "app.env"), dir })).toEqual({
      ok: true,
      text: "A=1\n",
      realPath: join(dir, "app.env"),
      sha256: sha256("A=1\n"),
    });
  });

  it("answers missing only for a path inside the folder", async () => {
    expect(await readConfinedFile({ path: join(dir, "absent.env"), dir })).toEqual({
      ok: false,
      reason: "missing",
    });
    // Outside, a missing file and an existing one get the same answer.
    expect(await readConfinedFile({ path: join(outside, "absent.env"), dir })).toEqual(REFUSED);
    expect(await readConfinedFile({ path: join(outside, "secret.env"), dir })).toEqual(REFUSED);
  });

  it("refuses a symlink out of the folder and a .. escape", async () => {
    expect(await readConfinedFile({ path: join(dir, "link.env"), dir })).toEqual(REFUSED);
    expect(await readConfinedFile({ path: join(dir, "linked-folder", "secret.env"), dir })).toEqual(REFUSED);
    expect(await readConfinedFile({ path: join(dir, "..", "outside", "secret.env"), dir })).toEqual(REFUSED);
    // A missing file behind a link out is no "missing inside" either.
    expect(await readConfinedFile({ path: join(dir, "linked-folder", "absent"), dir })).toEqual(REFUSED);
  });

  it("refuses /proc/self/environ, /dev/zero, /sys files, even when approved", async () => {
    expect(await readConfinedFile({ path: "/proc/self/environ", dir })).toEqual(REFUSED);
    expect(await readConfinedFile({ path: "/dev/zero", dir })).toEqual(REFUSED);
    expect(await readConfinedFile({ path: "/sys/kernel/hostname", dir })).toEqual(REFUSED);
    const approved = [{ realPath: "/proc/self/environ", sha256: sha256("") }];
    expect(await readConfinedFile({ path: "/proc/self/environ", dir, approved })).toEqual(REFUSED);
    // A link inside the folder to /proc is refused the same way.
    expect(await readConfinedFile({ path: join(dir, "environ.env"), dir })).toEqual(REFUSED);
  });

  it("refuses a directory, a FIFO with no writer (without blocking) and a socket inside the folder", async () => {
    expect(await readConfinedFile({ path: join(dir, "folder"), dir })).toEqual(REFUSED);
    const fifo = join(dir, "pipe.env");
    const startedMs = Date.now();
    expect(await readConfinedFile({ path: fifo, dir })).toEqual(REFUSED);
    expect(Date.now() - startedMs).toBeLessThan(1000);
    const socketPath = join(dir, "sock.env");
    const server = createServer();
    await new Promise<void>((done) => server.listen(socketPath, done));
    try {
      expect(await readConfinedFile({ path: socketPath, dir })).toEqual(REFUSED);
    } finally {
      server.close();
    }
  });

  it("refuses a file over the size cap", async () => {
    const big = join(dir, "big.env");
    writeFileSync(big, "x".repeat(MAX_TOPOLOGY_FILE_BYTES + 1));
    expect(await readConfinedFile({ path: big, dir })).toEqual(REFUSED);
    writeFileSync(big, "x".repeat(100));
    expect(await readConfinedFile({ path: big, dir, maxBytes: 99 })).toEqual(REFUSED);
    expect((await readConfinedFile({ path: big, dir, maxBytes: 100 })).ok).toBe(true);
  });

  it("reads an approved file outside the folder only while its real path and content hash match", async () => {
    const file = join(outside, "shared.env");
    writeFileSync(file, "SHARED=1\n");
    const approved = [{ realPath: file, sha256: sha256("SHARED=1\n") }];
    expect(await readConfinedFile({ path: file, dir, approved })).toMatchObject({
      ok: true,
      text: "SHARED=1\n",
    });
    // Through a link to it: the real path is what was approved.
    symlinkSync(file, join(root, "alias.env"));
    expect(await readConfinedFile({ path: join(root, "alias.env"), dir, approved })).toMatchObject({
      ok: true,
    });
    // Changed content: the approval no longer applies.
    writeFileSync(file, "SHARED=2\n");
    expect(await readConfinedFile({ path: file, dir, approved })).toEqual(REFUSED);
    // Another real path with the approved content: not approved either.
    writeFileSync(join(outside, "copy.env"), "SHARED=1\n");
    expect(await readConfinedFile({ path: join(outside, "copy.env"), dir, approved })).toEqual(REFUSED);
  });
});

describe("confinedPath", () => {
  const kind = async (path: string) => (await confinedPath({ path, dir })).kind;
  it("tells folders, files, missing paths and FIFOs inside the folder; a path out of it (a link out too) is outside", async () => {
    expect(await kind(join(dir, "folder"))).toBe("folder");
    expect(await kind(join(dir, "app.env"))).toBe("file");
    expect(await kind(join(dir, "data", "db"))).toBe("missing");
    expect(await kind(join(dir, "pipe.env"))).toBe("other");
    expect(await kind(join(dir, "linked-folder"))).toBe("outside");
    expect(await kind(join(dir, "linked-folder", "absent"))).toBe("outside");
    expect(await kind("/etc")).toBe("outside");
  });

  it("answers the real path, symlinks and .. resolved", async () => {
    expect((await confinedPath({ path: join(dir, "folder", "..", "folder"), dir })).realPath).toBe(
      join(realpathSync(dir), "folder"),
    );
    expect((await confinedPath({ path: join(dir, "linked-folder"), dir })).realPath).toBe(
      realpathSync(outside),
    );
  });
});

describe("loadTopology through the confined reader", () => {
  const compose = (envFile: string) =>
    `services:\n  app:\n    image: busybox\n    env_file: ${envFile}\n    labels:\n      x: "\${DATABASE_URL:-none}"\n`;

  it.each([
    ["a FIFO with no writer", "./pipe.env"],
    ["a folder", "./folder"],
    ["/dev/zero", "/dev/zero"],
    ["/proc/self/environ", "/proc/self/environ"],
    ["a link out of the folder", "./link.env"],
    ["a file outside the folder", "../outside/secret.env"],
    ["a missing file outside the folder", "../outside/absent.env"],
  ])("refuses %s as env_file with one message naming key and line", async (_what, envFile) => {
    const startedMs = Date.now();
    const result = await loadTopology({ file: join(dir, "compose.yaml"), text: compose(envFile), env: {} });
    expect(Date.now() - startedMs).toBeLessThan(1000);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      expect.objectContaining({
        path: "services.app.env_file",
        line: 4,
        message: `services.app.env_file: "${envFile}" is not a file this topology may read: a topology reads only regular files inside its folder (at most 1 MiB), or a file outside it an admin approved by its real path and content (docs/SECURITY.md)`,
      }),
    ]);
  });

  it("refuses include's env_file and path, and extends' file, outside the folder, at their lines", async () => {
    writeFileSync(join(dir, "inc.yaml"), "services:\n  inc:\n    image: busybox\n");
    const include = await loadTopology({
      file: join(dir, "compose.yaml"),
      text: "include:\n  - path: ./inc.yaml\n    env_file: /proc/self/environ\nservices: {}\n",
      env: {},
    });
    expect(!include.ok && include.errors.map((e) => [e.path, e.line])).toEqual([["include.0.env_file", 3]]);
    const includePath = await loadTopology({
      file: join(dir, "compose.yaml"),
      text: "include:\n  - ../outside/secret.env\nservices: {}\n",
      env: {},
    });
    expect(!includePath.ok && includePath.errors.map((e) => [e.path, e.line])).toEqual([["include.0", 2]]);
    const extend = await loadTopology({
      file: join(dir, "compose.yaml"),
      text: "services:\n  a:\n    extends:\n      file: /etc/hostname\n      service: x\n",
      env: {},
    });
    expect(!extend.ok && extend.errors.map((e) => [e.path, e.line])).toEqual([["services.a.extends", 3]]);
  });

  it("reports every value its env files held, whatever the variable is called", async () => {
    writeFileSync(join(dir, "plain.env"), "GREETING=hello-there-value\n");
    const result = await loadTopology({
      file: join(dir, "compose.yaml"),
      text: "services:\n  app:\n    image: busybox\n    env_file: ./plain.env\n",
      env: {},
    });
    expect(result.readVariables).toEqual([{ name: "GREETING", value: "hello-there-value" }]);
  });

  it("never interpolates from the panel's own environment", async () => {
    process.env.CONFINED_TEST_PANEL_SECRET = "panel-only-value";
    try {
      const result = await loadTopology({
        file: join(dir, "compose.yaml"),
        text: 'services:\n  app:\n    image: busybox\n    labels:\n      x: "${CONFINED_TEST_PANEL_SECRET:-none}"\n',
        env: {},
        folderEnv: false,
      });
      expect(result.ok && result.topology.services[0]?.labels).toMatchObject({ x: "none" });
    } finally {
      delete process.env.CONFINED_TEST_PANEL_SECRET;
    }
  });
});
